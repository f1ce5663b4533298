using System.Text.Json;
using EventFold.Orleans.Commands;
using EventFold.Orleans.Store;

namespace EventFold.Orleans.Testing;

/// <summary>A command found in the files: its stream, the position of its first event and how many events it has there.</summary>
internal sealed record StoredCrashCommand(string Directory, string CommandId, long First, int Count);

/// <summary>What <see cref="CrashStoreCheck.Verify"/> found.</summary>
internal sealed record CrashStoreReport(IReadOnlyList<string> Problems, IReadOnlyDictionary<string, StoredCrashCommand> Commands, int Streams, long Events);

/// <summary>
/// Checks the store straight from its files with the core reader only (no silo): every stream reads without error, every event
/// carries a command id, no command appears twice, every acknowledged command is there exactly once in its own stream with the
/// acknowledged number of events ending at the acknowledged version, and no rejected command was written.
/// </summary>
internal static class CrashStoreCheck
{
    public static CrashStoreReport Verify(string baseDirectory, IReadOnlyDictionary<string, CrashReport> acknowledged, IReadOnlyDictionary<string, CrashReport> rejected)
    {
        var problems = new List<string>();
        var paths = new StorePaths(baseDirectory);
        var found = new Dictionary<string, StoredCrashCommand>(StringComparer.Ordinal);
        var streams = 0;
        long events = 0;
        var typeDirectories = Directory.Exists(paths.StreamsDirectory) ? Directory.GetDirectories(paths.StreamsDirectory) : [];
        foreach (var directory in typeDirectories.SelectMany(Directory.GetDirectories).Order(StringComparer.Ordinal))
        {
            streams++;
            List<string?> commandIds = [];
            try
            {
                // A torn tail (partial line, unfinished batch) is allowed after a kill: the reader skips it, the writer repairs it.
                commandIds = [.. new EventReader(directory).ReadFull().Select(r => CommandIdOf(r.Event))];
            }
            catch (Exception e)
            {
                problems.Add($"{directory}: reading it threw {e.GetType().Name}: {e.Message}");
                continue;
            }

            events += commandIds.Count;
            for (var position = 0; position < commandIds.Count;)
            {
                if (commandIds[position] is not { } commandId)
                {
                    problems.Add($"{directory}: event {position} has no command id (every crash host command has one)");
                    position++;
                    continue;
                }

                var run = 1;
                while (position + run < commandIds.Count && commandIds[position + run] == commandId)
                {
                    run++;
                }

                if (found.TryGetValue(commandId, out var earlier))
                {
                    problems.Add($"{directory}: command {commandId} appears again at position {position}; first seen in {earlier.Directory} at {earlier.First} (applied twice)");
                }
                else
                {
                    found[commandId] = new StoredCrashCommand(directory, commandId, position, run);
                }

                position += run;
            }
        }

        foreach (var ack in acknowledged.Values.OrderBy(a => a.Run).ThenBy(a => a.AggregateId, StringComparer.Ordinal).ThenBy(a => a.Version))
        {
            var expected = paths.StreamDirectory(ack.AggregateType, ack.AggregateId);
            if (ack.Events == 0)
            {
                // Accepted with nothing to do: nothing may be written for it.
                if (found.TryGetValue(ack.CommandId, out var written))
                {
                    problems.Add($"{ack.AggregateType}/{ack.AggregateId}: command {ack.CommandId} was acknowledged with no events, but {written.Count} are in {written.Directory}");
                }

                continue;
            }

            if (!found.TryGetValue(ack.CommandId, out var at))
            {
                problems.Add($"{ack.AggregateType}/{ack.AggregateId}: acknowledged command {ack.CommandId} (run {ack.Run}, {ack.Events} events, version {ack.Version}) is missing");
            }
            else if (!string.Equals(at.Directory, expected, StringComparison.Ordinal))
            {
                problems.Add($"acknowledged command {ack.CommandId} of {ack.AggregateType}/{ack.AggregateId} (run {ack.Run}) is in {at.Directory}");
            }
            else if (at.Count != ack.Events || at.First + at.Count != ack.Version)
            {
                // More events than acknowledged in one run is the same command applied twice back to back.
                problems.Add($"{ack.AggregateType}/{ack.AggregateId}: acknowledged command {ack.CommandId} (run {ack.Run}) was {ack.Events} events ending at version {ack.Version}; " +
                    $"the files hold {at.Count} events at positions {at.First}..{at.First + at.Count - 1}");
            }
        }

        foreach (var rejection in rejected.Values)
        {
            if (found.TryGetValue(rejection.CommandId, out var at) && !acknowledged.ContainsKey(rejection.CommandId))
            {
                problems.Add($"{rejection.AggregateType}/{rejection.AggregateId}: command {rejection.CommandId} was rejected ({rejection.Code}) but {at.Count} events of it are in {at.Directory}");
            }
        }

        return new CrashStoreReport(problems, found, streams, events);
    }

    private static string? CommandIdOf(Event e) =>
        e.MetaElement() is { ValueKind: JsonValueKind.Object } meta
        && meta.TryGetProperty(MetaKeys.CommandId, out var commandId)
        && commandId.ValueKind == JsonValueKind.String
            ? commandId.GetString()
            : null;
}
