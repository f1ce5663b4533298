using System.Diagnostics;
using EventFold.Benchmarks.Harness;
using Microsoft.Win32.SafeHandles;

namespace EventFold.Benchmarks.Core;

/// <summary>
/// Stopwatch breakdown of one buffered <see cref="EventWriter.Append"/>: serialising + hashing the line, versus the
/// one positioned write syscall it makes per event, versus FileStream's buffered write.
/// </summary>
public sealed class AppendBreakdown(Options options, ResultTable table)
{
    public void Run()
    {
        var count = options.Count(200_000, 50_000);
        var events = SampleEvents.Create(count);
        var lines = SampleEvents.Lines(events);
        using var temp = new TempDir("append-breakdown");
        var (encode, pwrite) = SideBySide.Run(
            options.Rounds,
            () => Encode(events),
            () => PositionedWrites(temp, lines));
        var (unixHandle, writerOnly) = SideBySide.Run(
            options.Rounds,
            () => PositionedWrites(temp, lines, writerHandle: true),
            () => WriterAppends(temp, events));
        table.Add(new ResultRow("2.1", "breakdown: serialise + hash the line (BatchFraming.Encode)", encode, "ev/s"));
        table.Add(new ResultRow("2.2", "breakdown: one RandomAccess.Write (pwrite) per line, nothing else", pwrite, "ev/s",
            Note: "what Append does per event"));
        table.Add(new ResultRow("2.3", "breakdown: same pwrite on the writer's kind of handle (open(2) + flock)", unixHandle, "ev/s"));
        table.Add(new ResultRow("2.4", "breakdown: EventWriter.Append, Buffered (row 2 again)", writerOnly, "ev/s"));
    }

    private static double Encode(Event[] events)
    {
        var buffer = new ByteBuffer(4096);
        var one = new Event[1];
        var sw = Stopwatch.StartNew();
        foreach (var e in events)
        {
            one[0] = e;
            BatchFraming.Encode(buffer, one);
        }

        return SideBySide.Rate(events.Length, sw.Elapsed);
    }

    private static double WriterAppends(TempDir temp, Event[] events)
    {
        var dir = temp.Sub($"w-{Guid.NewGuid():N}");
        using var writer = EventWriter.Open(dir, new EventWriterOptions { Durability = Durability.Buffered });
        var sw = Stopwatch.StartNew();
        foreach (var e in events)
        {
            writer.Append(e);
        }

        var rate = SideBySide.Rate(events.Length, sw.Elapsed);
        writer.Dispose();
        Directory.Delete(dir, recursive: true);
        return rate;
    }

    private static double PositionedWrites(TempDir temp, byte[][] lines, bool writerHandle = false)
    {
        var path = temp.Sub($"pwrite-{Guid.NewGuid():N}.jsonl");
        using SafeFileHandle handle = writerHandle ? UnixNative.OpenOrCreateReadWrite(path) : File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write);
        if (writerHandle && UnixNative.Flock(handle, UnixNative.LockEx | UnixNative.LockNb) != 0)
        {
            throw new IOException("flock failed");
        }

        long offset = 0;
        var sw = Stopwatch.StartNew();
        foreach (var line in lines)
        {
            RandomAccess.Write(handle, line, offset);
            offset += line.Length;
        }

        var rate = SideBySide.Rate(lines.Length, sw.Elapsed);
        handle.Dispose();
        File.Delete(path);
        return rate;
    }
}
