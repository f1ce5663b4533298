using System.Globalization;
using System.Text;
using System.Text.Json;
using EventFold.Orleans.Store;
using EventFold.Orleans.Tests.Support;

namespace EventFold.Orleans.Tests.Crash;

/// <summary>A command found on disk: its stream, the position of its first event and its event count.</summary>
public sealed record StoredCommand(string Aggregate, string CommandId, long First, int Count);

/// <summary>What <see cref="LedgerFiles.Verify"/> found: the problems (empty when the store is right) and some counts.</summary>
public sealed record LedgerReport(
    IReadOnlyList<string> Problems,
    IReadOnlyList<StoredCommand> Unacknowledged,
    int Streams,
    long Events,
    int Commands,
    int UnacknowledgedCommands,
    int TornTails,
    int PendingRotations,
    int Archives,
    int Snapshots);

/// <summary>
/// Checks a crash host's store straight from its files, with the core reader only (no silo, no <see cref="EventFoldStore"/>):
/// every stream reads without error, every event sits where its <c>seq</c> says, every command's batch is complete and
/// contiguous, every acknowledged command is there exactly once at the version it was acknowledged with, and every
/// stream is in the registry.
/// </summary>
public static class LedgerFiles
{
    public const string AggregateType = "ledger";

    public static LedgerReport Verify(string baseDirectory, IReadOnlyList<string> aggregateIds, IReadOnlyDictionary<string, HostAck> acked)
    {
        var problems = new List<string>();
        var paths = new StorePaths(baseDirectory);
        var idByDirectory = aggregateIds.ToDictionary(id => paths.StreamDirectory(AggregateType, id), id => id, StringComparer.Ordinal);
        var registered = ReadRegistry(paths.RegistryPath, problems);

        // command id -> (aggregate, first position, count)
        var found = new Dictionary<string, (string Aggregate, long First, int Count)>(StringComparer.Ordinal);
        int streams = 0, tornTails = 0, pendingRotations = 0, archives = 0, snapshots = 0;
        long events = 0;
        var typeDirectory = paths.AggregateTypeDirectory(AggregateType);
        var directories = Directory.Exists(typeDirectory) ? Directory.GetDirectories(typeDirectory) : [];
        foreach (var directory in directories.Order(StringComparer.Ordinal))
        {
            if (!idByDirectory.TryGetValue(directory, out var id))
            {
                problems.Add($"unexpected stream directory {directory}");
                continue;
            }

            streams++;
            archives += File.Exists(Path.Combine(directory, "archive.jsonl.zst")) ? 1 : 0;
            snapshots += Directory.Exists(Path.Combine(directory, "views")) && Directory.EnumerateFiles(Path.Combine(directory, "views")).Any() ? 1 : 0;
            pendingRotations += File.Exists(Path.Combine(directory, "rotation.pending")) ? 1 : 0;
            var stream = ReadStream(directory, id, problems, ref tornTails);
            if (stream is null)
            {
                continue;
            }

            events += stream.Count;
            if (stream.Count > 0 && !registered.Contains(id))
            {
                problems.Add($"stream {id}: {stream.Count} events on disk but not in meta/streams.jsonl");
            }

            CheckBatches(id, stream, found, problems);
        }

        foreach (var ack in acked.Values.OrderBy(a => a.Round).ThenBy(a => a.Aggregate, StringComparer.Ordinal).ThenBy(a => a.Version))
        {
            if (!found.TryGetValue(ack.CommandId, out var at))
            {
                problems.Add($"stream {ack.Aggregate}: acknowledged command {ack.CommandId} (round {ack.Round}, {ack.Events} events, version {ack.Version}) is missing");
            }
            else if (at.Aggregate != ack.Aggregate)
            {
                problems.Add($"acknowledged command {ack.CommandId} of {ack.Aggregate} (round {ack.Round}) is in stream {at.Aggregate}");
            }
            else if (at.Count != ack.Events || at.First + at.Count != ack.Version)
            {
                problems.Add($"stream {ack.Aggregate}: acknowledged command {ack.CommandId} (round {ack.Round}) was {ack.Events} events ending at version {ack.Version}, " +
                    $"the files hold {at.Count} events at positions {at.First}..{at.First + at.Count - 1}");
            }
        }

        var unacknowledged = found.Where(f => !acked.ContainsKey(f.Key)).Select(f => new StoredCommand(f.Value.Aggregate, f.Key, f.Value.First, f.Value.Count)).ToList();
        return new LedgerReport(problems, unacknowledged, streams, events, found.Count, unacknowledged.Count, tornTails, pendingRotations, archives, snapshots);
    }

    /// <summary>The stream's events with their command ids and payload, or null when reading failed (recorded as a problem).</summary>
    private static List<(Event Event, string? CommandId)>? ReadStream(string directory, string id, List<string> problems, ref int tornTails)
    {
        var stream = new List<(Event, string?)>();
        try
        {
            foreach (var record in new EventReader(directory).ReadFull())
            {
                stream.Add((record.Event, CommandIdOf(record.Event)));
            }

            // A torn tail (partial line or unfinished batch) is allowed after a kill: the reader skips it, the writer repairs it.
            var log = Path.Combine(directory, "app.jsonl");
            if (File.Exists(log))
            {
                long end = 0;
                foreach (var record in new EventReader(directory).ReadFrom(0))
                {
                    end = record.EndOffset;
                }

                if (StreamFiles.ReadLogBytes(directory).LongLength > end)
                {
                    tornTails++;
                }
            }
        }
        catch (Exception e)
        {
            problems.Add($"stream {id}: reading {directory} threw {e.GetType().Name}: {e.Message} (after {stream.Count} events)");
            return null;
        }

        return stream;
    }

    private static void CheckBatches(string id, List<(Event Event, string? CommandId)> stream, Dictionary<string, (string, long, int)> found, List<string> problems)
    {
        var position = 0;
        while (position < stream.Count)
        {
            var (first, commandId) = stream[position];
            if (first.Type != "posted" || commandId is null)
            {
                problems.Add($"stream {id}: event {position} is not a posted event with a command id: {first}");
                position++;
                continue;
            }

            if (commandId.StartsWith(TornTailInjector.CommandPrefix, StringComparison.Ordinal))
            {
                problems.Add($"stream {id}: event {position} belongs to the injected torn batch {commandId}: a torn tail was read or written over: {first}");
            }

            var expected = ExpectedCount(commandId);
            // One batch: the command's consecutive events, at most as many as it appends (a second copy right after it is a duplicate).
            var run = 0;
            while (position + run < stream.Count && stream[position + run].CommandId == commandId && (expected < 1 || run < expected))
            {
                var (seq, index, of) = Payload(stream[position + run].Event);
                if (seq != position + run || index != run || of != expected)
                {
                    problems.Add($"stream {id}: event {position + run} of command {commandId} has seq {seq}, index {index} of {of}; " +
                        $"expected seq {position + run}, index {run} of {expected}: {stream[position + run].Event}");
                }

                run++;
            }

            if (run != expected)
            {
                problems.Add($"stream {id}: command {commandId} has {run} contiguous events at position {position}, its batch is {expected} (partial or duplicated batch)");
            }

            if (found.TryGetValue(commandId, out var earlier))
            {
                problems.Add($"stream {id}: command {commandId} appears again at position {position}; first seen in {earlier.Item1} at {earlier.Item2} (duplicated command)");
            }
            else
            {
                found[commandId] = (id, position, run);
            }

            position += run;
        }
    }

    /// <summary>The number of events a command appends, from its id "&lt;seed&gt;.&lt;worker&gt;.&lt;n&gt;.n&lt;count&gt;".</summary>
    public static int ExpectedCount(string commandId)
    {
        var last = commandId[(commandId.LastIndexOf('.') + 1)..];
        return last.Length == 2 && last[0] == 'n' && last[1] is >= '1' and <= '3' ? last[1] - '0' : -1;
    }

    private static string? CommandIdOf(Event e)
    {
        if (e.MetaElement() is { ValueKind: JsonValueKind.Object } meta
            && meta.TryGetProperty("command_id", out var commandId)
            && commandId.ValueKind == JsonValueKind.String)
        {
            return commandId.GetString();
        }

        return null;
    }

    private static (long Seq, int Index, int Of) Payload(Event e)
    {
        try
        {
            var data = e.DataElement();
            return (data.GetProperty("seq").GetInt64(), data.GetProperty("index").GetInt32(), data.GetProperty("of").GetInt32());
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return (-1, -1, -1);
        }
    }

    /// <summary>The ledger ids of the registry's complete lines; a torn last line (no LF) is allowed, any other bad line is a problem.</summary>
    private static HashSet<string> ReadRegistry(string path, List<string> problems)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        if (!File.Exists(path))
        {
            return ids;
        }

        var bytes = File.ReadAllBytes(path);
        var start = 0;
        var number = 0;
        for (var lf = Array.IndexOf(bytes, (byte)'\n'); lf >= 0; start = lf + 1, lf = Array.IndexOf(bytes, (byte)'\n', start))
        {
            number++;
            var line = bytes.AsSpan(start, lf - start);
            if (line.IsEmpty)
            {
                continue;
            }

            try
            {
                using var doc = JsonDocument.Parse(line.ToArray());
                var data = doc.RootElement.GetProperty("data");
                if (doc.RootElement.GetProperty("type").GetString() != "stream_created")
                {
                    problems.Add($"registry line {number} is not stream_created: {Encoding.UTF8.GetString(line)}");
                }
                else if (data.GetProperty("aggregate_type").GetString() == AggregateType
                    && !ids.Add(data.GetProperty("id").GetString()!))
                {
                    problems.Add($"registry line {number} registers {data.GetProperty("id").GetString()} a second time");
                }
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"registry line {number} is damaged ({e.Message}): {Encoding.UTF8.GetString(line)}"));
            }
        }

        return ids;
    }
}
