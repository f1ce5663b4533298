using System.Diagnostics;
using EventFold.Benchmarks.Harness;

namespace EventFold.Benchmarks.Core;

/// <summary>
/// Row 1a: durable appends and the raw fsync loop, interleaved in slices of a few events within each round (both files
/// open at once), so the disk's flush latency, which drifts a lot on this VM, hits both sides alike.
/// </summary>
public static class DurableInterleaved
{
    private const int Slice = 25;

    /// <summary>One round: <paramref name="count"/> events per side. Returns (writer ev/s, raw ev/s).</summary>
    public static (double Writer, double Raw) Round(TempDir temp, Event[] events, byte[][] lines, int count)
    {
        var dir = temp.Sub($"i-{Guid.NewGuid():N}");
        using var writer = EventWriter.Open(Path.Combine(dir, "writer"), new EventWriterOptions { Durability = Durability.Durable });
        Directory.CreateDirectory(Path.Combine(dir, "raw"));
        using var raw = new FileStream(Path.Combine(dir, "raw", "app.jsonl"), FileMode.CreateNew, FileAccess.Write, FileShare.Read, bufferSize: 0);
        raw.Flush(flushToDisk: true);
        long writerTicks = 0, rawTicks = 0;
        for (var start = 0; start < count; start += Slice)
        {
            var end = Math.Min(count, start + Slice);
            var t0 = Stopwatch.GetTimestamp();
            for (var i = start; i < end; i++)
            {
                writer.Append(events[i]);
            }

            var t1 = Stopwatch.GetTimestamp();
            for (var i = start; i < end; i++)
            {
                raw.Write(lines[i]);
                raw.Flush(flushToDisk: true);
            }

            var t2 = Stopwatch.GetTimestamp();
            writerTicks += t1 - t0;
            rawTicks += t2 - t1;
        }

        writer.Dispose();
        raw.Dispose();
        Directory.Delete(dir, recursive: true);
        return (count * (double)Stopwatch.Frequency / writerTicks, count * (double)Stopwatch.Frequency / rawTicks);
    }

    /// <summary>Warm-up plus <paramref name="rounds"/> rounds; medians per side and the median of the per-round ratios.</summary>
    public static (double Writer, double Raw, double PairedRatio) Run(TempDir temp, Event[] events, byte[][] lines, int count, int rounds)
    {
        Round(temp, events, lines, count);
        var w = new List<double>();
        var r = new List<double>();
        for (var i = 0; i < rounds; i++)
        {
            var (writer, raw) = Round(temp, events, lines, count);
            w.Add(writer);
            r.Add(raw);
        }

        Console.WriteLine("     rounds: " + string.Join(" ", w.Select(ResultRow.Fmt)) + " | " + string.Join(" ", r.Select(ResultRow.Fmt)));
        return (Stats.Median(w), Stats.Median(r), Stats.Median([.. w.Zip(r, (a, b) => a / b)]));
    }
}
