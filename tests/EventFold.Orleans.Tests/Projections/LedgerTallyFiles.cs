using System.Globalization;
using System.Text.Json;
using EventFold.Orleans.Hosting;
using EventFold.Orleans.Store;

namespace EventFold.Orleans.Tests.Projections;

/// <summary>One stream of the crash host's LedgerTally projection (tests/EventFold.CrashHost/LedgerTally.cs), as JSON shows it.</summary>
public sealed record StreamTallyView(long Count, long LastVersion, long SeqSum);

/// <summary>The crash host's LedgerTally state, read from its JSON (the test does not load the host's assembly).</summary>
public sealed class TallyView
{
    public long Events { get; set; }

    public long SeqSum { get; set; }

    public long Anomalies { get; set; }

    public string? FirstAnomaly { get; set; }

    public Dictionary<string, StreamTallyView> Streams { get; set; } = new(StringComparer.Ordinal);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Events} events, seq sum {SeqSum}, {Anomalies} anomalies{(FirstAnomaly is null ? "" : $" (first: {FirstAnomaly})")}, {Streams.Count} streams");
}

/// <summary>The host's answer to "PROJECTION now|catchup": the tally and the projection's status.</summary>
public sealed record TallyReply(TallyView Tally, int Rebuilds, string? LastRebuildReason, long EventsApplied, int StreamsTracked, string? LastError, DateTimeOffset? LastCheckpoint)
{
    public static TallyReply Parse(string line) =>
        JsonSerializer.Deserialize<TallyReply>(line["PROJECTION ".Length..], JsonSerializerOptions.Web)
            ?? throw new InvalidOperationException($"not a projection reply: {line}");
}

/// <summary>The tally's checkpoint on disk: its state and, per stream, the version of its cursor.</summary>
public sealed record TallyCheckpoint(TallyView State, IReadOnlyDictionary<string, long> CursorVersions, string CursorsFile, long CursorsLength);

/// <summary>
/// What the crash host's LedgerTally projection must hold, computed straight from the files with the core
/// <see cref="EventReader"/> (no silo, no projection code), and its checkpoint read from <c>projections/ledger-tally/</c>.
/// </summary>
public static class LedgerTallyFiles
{
    public const string ProjectionName = "ledger-tally";

    /// <summary>Each ledger stream's events' Seq values, in stream order (archive, then active log; torn tails skipped as the reader does).</summary>
    public static Dictionary<string, List<long>> ReadSeqs(string baseDirectory, IEnumerable<string> ids)
    {
        var paths = new StorePaths(baseDirectory);
        var seqs = new Dictionary<string, List<long>>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            var directory = paths.StreamDirectory("ledger", id);
            if (!Directory.Exists(directory))
            {
                continue;
            }

            seqs[id] = [.. new EventReader(directory).ReadFull().Select(r => r.Event.DataElement().GetProperty("seq").GetInt64())];
        }

        return seqs;
    }

    /// <summary>The full-rebuild state: folding every stored event once, in stream order.</summary>
    public static TallyView FullRebuild(IReadOnlyDictionary<string, List<long>> seqs)
    {
        var view = new TallyView();
        foreach (var (id, stream) in seqs.Where(s => s.Value.Count > 0))
        {
            view.Streams[id] = new StreamTallyView(stream.Count, stream.Count, stream.Sum());
            view.Events += stream.Count;
            view.SeqSum += stream.Sum();
        }

        return view;
    }

    /// <summary>The differences between two tallies, empty when they are equal.</summary>
    public static List<string> Compare(TallyView expected, TallyView actual)
    {
        var problems = new List<string>();
        if (expected.Events != actual.Events || expected.SeqSum != actual.SeqSum || expected.Anomalies != actual.Anomalies)
        {
            problems.Add($"totals: expected {expected}, got {actual}");
        }

        foreach (var id in expected.Streams.Keys.Union(actual.Streams.Keys).Order(StringComparer.Ordinal))
        {
            expected.Streams.TryGetValue(id, out var e);
            actual.Streams.TryGetValue(id, out var a);
            if (e != a)
            {
                problems.Add($"{id}: expected {e?.ToString() ?? "nothing"}, got {a?.ToString() ?? "nothing"}");
            }
        }

        return problems;
    }

    /// <summary>What is wrong with a tally taken at any moment: an anomaly, or a stream whose count is not its last version.</summary>
    public static List<string> SelfCheck(TallyView tally)
    {
        var problems = new List<string>();
        if (tally.Anomalies != 0)
        {
            problems.Add($"{tally.Anomalies} anomalies, the first: {tally.FirstAnomaly}");
        }

        foreach (var (id, stream) in tally.Streams.Where(s => s.Value.Count != s.Value.LastVersion))
        {
            problems.Add($"{id}: {stream.Count} events applied up to version {stream.LastVersion} (applied twice or skipped)");
        }

        if (tally.Events != tally.Streams.Values.Sum(s => s.Count) || tally.SeqSum != tally.Streams.Values.Sum(s => s.SeqSum))
        {
            problems.Add($"totals {tally} do not add up over the streams");
        }

        return problems;
    }

    /// <summary>The number of events the checkpoint's state holds, from <c>state.json</c> alone (safe to read while the host replaces it); 0 when there is none.</summary>
    public static long CheckpointedEvents(string baseDirectory)
    {
        try
        {
            var bytes = File.ReadAllBytes(StatePath(baseDirectory));
            using var document = JsonDocument.Parse(bytes);
            return document.RootElement.GetProperty("state").GetProperty("events").GetInt64();
        }
        catch (FileNotFoundException)
        {
            return 0;
        }
        catch (DirectoryNotFoundException)
        {
            return 0;
        }
    }

    /// <summary>The checkpoint (state.json plus the committed part of its cursor journal), or null when there is none.</summary>
    public static TallyCheckpoint? ReadCheckpoint(string baseDirectory)
    {
        var statePath = StatePath(baseDirectory);
        if (!File.Exists(statePath))
        {
            return null;
        }

        using var document = JsonDocument.Parse(File.ReadAllBytes(statePath));
        var root = document.RootElement;
        var state = root.GetProperty("state").Deserialize<TallyView>(new EventFoldOptions().JsonSerializerOptions)!;
        var journal = root.GetProperty("cursors_file").GetString()!;
        var length = root.GetProperty("cursors_length").GetInt64();
        var bytes = File.ReadAllBytes(Path.Combine(Path.GetDirectoryName(statePath)!, journal));
        var versions = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in System.Text.Encoding.UTF8.GetString(bytes, 0, checked((int)length)).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var cursor = JsonDocument.Parse(line);
            versions[cursor.RootElement.GetProperty("i").GetString()!] = cursor.RootElement.GetProperty("v").GetInt64(); // the last line of a stream wins
        }

        return new TallyCheckpoint(state, versions, journal, length);
    }

    /// <summary>
    /// What is wrong with a checkpoint: its state and cursors must come from the same save (every stream's count equals its
    /// cursor's version), and must be exactly the fold of that prefix of each stream's files.
    /// </summary>
    public static List<string> CheckCheckpoint(TallyCheckpoint checkpoint, IReadOnlyDictionary<string, List<long>> seqs)
    {
        var problems = SelfCheck(checkpoint.State);
        foreach (var id in checkpoint.State.Streams.Keys.Union(checkpoint.CursorVersions.Keys).Order(StringComparer.Ordinal))
        {
            var count = checkpoint.State.Streams.TryGetValue(id, out var tally) ? tally.Count : 0;
            var cursor = checkpoint.CursorVersions.GetValueOrDefault(id);
            var stored = seqs.TryGetValue(id, out var stream) ? stream : [];
            if (count != cursor)
            {
                problems.Add($"{id}: the checkpointed state counts {count} events, its cursor stands at version {cursor} (state and cursors of different saves)");
            }
            else if (cursor > stored.Count)
            {
                problems.Add($"{id}: the checkpoint's cursor stands at version {cursor}, the files hold {stored.Count} events");
            }
            else if (tally is not null && tally.SeqSum != stored.Take((int)cursor).Sum())
            {
                problems.Add($"{id}: the checkpointed seq sum {tally.SeqSum} is not that of the first {cursor} stored events ({stored.Take((int)cursor).Sum()})");
            }
        }

        return problems;
    }

    private static string StatePath(string baseDirectory) => Path.Combine(baseDirectory, "projections", ProjectionName, "state.json");
}
