using System.Globalization;
using System.Text;
using EventFold.Orleans.Store;
using EventFold.Orleans.Tests.Support;

namespace EventFold.Orleans.Tests.Crash;

/// <summary>
/// Leaves what a short write (a power loss, or a kill between the pages of one write) would: a prefix of a 3-event batch
/// at the end of a stream's app.jsonl. A SIGKILL alone practically never tears a line (each batch is one small write),
/// so the crash test adds one now and then to exercise torn-tail handling through the whole stack: readers must skip it,
/// the restarted writer must remove it before appending.
/// </summary>
public static class TornTailInjector
{
    /// <summary>The command id of an injected batch; it must never show up as events.</summary>
    public const string CommandPrefix = "torn.";

    /// <summary>Appends a torn batch to one random stream that is not in the middle of a rotation; returns what it did, or null.</summary>
    public static string? Inject(string baseDirectory, IReadOnlyList<string> aggregateIds, int round, Random random, string scratchDirectory)
    {
        var paths = new StorePaths(baseDirectory);
        var candidates = aggregateIds
            .Select(id => (Id: id, Dir: paths.StreamDirectory(LedgerFiles.AggregateType, id)))
            .Where(s => File.Exists(Path.Combine(s.Dir, "app.jsonl")) && !File.Exists(Path.Combine(s.Dir, "rotation.pending")))
            .ToList();
        if (candidates.Count == 0)
        {
            return null;
        }

        var (id, dir) = candidates[random.Next(candidates.Count)];
        var next = new EventReader(dir).ReadFull().LongCount();
        var commandId = string.Create(CultureInfo.InvariantCulture, $"{CommandPrefix}{round}.0.0.n3");
        var events = Enumerable.Range(0, 3)
            .Select(i => new Event(
                "posted",
                Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{{\"seq\":{next + i},\"index\":{i},\"of\":3}}")),
                (ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                id: Guid.NewGuid().ToString(),
                meta: Encoding.UTF8.GetBytes($"{{\"command_id\":\"{commandId}\"}}")))
            .ToList();

        // The exact bytes the writer would write for this batch, from a scratch log.
        var scratch = Path.Combine(scratchDirectory, string.Create(CultureInfo.InvariantCulture, $"torn-{round}"));
        using (var writer = EventWriter.Open(scratch))
        {
            writer.AppendBatch(events);
        }

        var batch = StreamFiles.ReadLogBytes(scratch);
        // Never the whole batch, nor all of it but its final LF: a batch missing only that LF is complete, and the writer
        // restores the LF rather than remove an event that may have been acknowledged.
        var cut = random.Next(1, batch.Length - 1);
        var log = Path.Combine(dir, "app.jsonl");
        var before = new FileInfo(log).Length;
        using (var stream = new FileStream(log, FileMode.Append, FileAccess.Write, FileShare.ReadWrite))
        {
            stream.Write(batch, 0, cut);
        }

        var lines = batch.AsSpan(0, cut).Count((byte)'\n');
        return string.Create(CultureInfo.InvariantCulture,
            $"torn tail injected into {id}: {cut} of the {batch.Length} bytes of a 3-event batch ({lines} complete unfinished-batch lines) after byte {before}");
    }
}
