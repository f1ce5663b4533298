using System.Diagnostics;
using EventFold.Benchmarks.Harness;

namespace EventFold.Benchmarks.Core;

/// <summary>Rows 1 and 2: durable and buffered appends against raw FileStream loops writing the same bytes.</summary>
public sealed class AppendBenchmarks(Options options, ResultTable table)
{
    public void Run()
    {
        using var temp = new TempDir("append");
        var durableCount = options.Count(500, 200);
        var bufferedCount = options.Count(200_000, 50_000);
        var events = SampleEvents.Create(Math.Max(bufferedCount, durableCount));
        var lines = SampleEvents.Lines(events);
        Console.WriteLine($"[core] append: {lines[0].Length} bytes/line, e.g. {System.Text.Encoding.UTF8.GetString(lines[0]).TrimEnd()}");

        var (durable, rawDurable, paired) = DurableInterleaved.Run(temp, events, lines, durableCount, options.Rounds);
        table.Add(new ResultRow("1a", "Append, Durable (fdatasync each)", durable, "ev/s",
            "FileStream write + Flush(true) per line", rawDurable, MinRatio: 0.8, Note: "interleaved every 25 events; ratio = median of per-round ratios", PairedRatio: paired));
        DurableBaseline = rawDurable;

        var batchCount = options.Count(2_000, 500);
        var (batched, rawBatched) = SideBySide.Run(
            options.Rounds,
            () => WriterRound(temp, events, batchCount, Durability.Durable, batch: 10),
            () => RawRound(temp, p => RawFile.WriteFlushBatches(p, lines, batchCount, 10), batchCount));
        table.Add(new ResultRow("1b", "AppendBatch(10), Durable", batched, "ev/s",
            "FileStream 10 lines + Flush(true)", rawBatched));

        var (buffered, rawBuffered) = SideBySide.Run(
            options.Rounds,
            () => WriterRound(temp, events, bufferedCount, Durability.Buffered, batch: 1),
            () => RawRound(temp, p => RawFile.WriteBuffered(p, lines, bufferedCount), bufferedCount));
        table.Add(new ResultRow("2", "Append, Buffered", buffered, "ev/s",
            "FileStream buffered write", rawBuffered, MinValue: 500_000));

        var (bufferedBatch, rawBufferedBatch) = SideBySide.Run(
            options.Rounds,
            () => WriterRound(temp, events, bufferedCount, Durability.Buffered, batch: 100),
            () => RawRound(temp, p => RawFile.WriteBuffered(p, lines, bufferedCount), bufferedCount));
        table.Add(new ResultRow("2b", "AppendBatch(100), Buffered", bufferedBatch, "ev/s",
            "FileStream buffered write", rawBufferedBatch, Note: "one write syscall per 100 events"));
    }

    /// <summary>The raw fsync-per-line rate measured by row 1a (used by row 4 when both run).</summary>
    public static double? DurableBaseline { get; private set; }

    private static double WriterRound(TempDir temp, Event[] events, int count, Durability durability, int batch)
    {
        var dir = temp.Sub($"w-{Guid.NewGuid():N}");
        using var writer = EventWriter.Open(dir, new EventWriterOptions { Durability = durability });
        var slice = new ArraySegment<Event>(events);
        var sw = Stopwatch.StartNew();
        if (batch == 1)
        {
            for (var i = 0; i < count; i++)
            {
                writer.Append(events[i]);
            }
        }
        else
        {
            for (var i = 0; i < count; i += batch)
            {
                writer.AppendBatch(slice.Slice(i, Math.Min(batch, count - i)));
            }
        }

        sw.Stop();
        writer.Dispose();
        Directory.Delete(dir, recursive: true);
        return SideBySide.Rate(count, sw.Elapsed);
    }

    private static double RawRound(TempDir temp, Action<string> write, int count)
    {
        var dir = temp.Sub($"r-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "app.jsonl");
        var sw = Stopwatch.StartNew();
        write(path);
        sw.Stop();
        Directory.Delete(dir, recursive: true);
        return SideBySide.Rate(count, sw.Elapsed);
    }
}
