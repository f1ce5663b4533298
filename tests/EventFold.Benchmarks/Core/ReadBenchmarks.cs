using System.Diagnostics;
using EventFold.Benchmarks.Harness;
using ZstdSharp;

namespace EventFold.Benchmarks.Core;

/// <summary>
/// Row 3: read + decode + fold of a large log, from <c>app.jsonl</c> (<see cref="EventReader.ReadFrom"/>) and from the
/// archive (<see cref="EventReader.ReadFull"/> after a rotation), each beside raw line splitting of the same bytes.
/// </summary>
public sealed class ReadBenchmarks(Options options, ResultTable table)
{
    private delegate long LineFold(ReadOnlySpan<byte> line);

    private const int PoolSize = 10_000; // a multiple of 100, so amounts cycle exactly like SampleEvents.Amount(i)

    public void Run()
    {
        var count = options.Count(1_000_000, 200_000);
        var expectedSum = SampleEvents.SumOfAmounts(count);
        using var temp = new TempDir("read");
        var dir = temp.Sub("log");
        var sw = Stopwatch.StartNew();
        WriteLog(dir, count);
        var reader = new EventReader(dir);
        var bytes = new FileInfo(reader.LogPath).Length;
        Console.WriteLine($"[core] read: wrote {count:N0} events ({bytes / 1e6:0.0} MB) in {sw.Elapsed.TotalSeconds:0.0} s");

        var (active, rawActive) = SideBySide.Run(
            options.Rounds,
            () => FoldActive(reader, count, expectedSum),
            () => RawSplit(reader.LogPath, count));
        table.Add(new ResultRow("3a", "ReadFrom(0) + decode + fold (app.jsonl)", active, "ev/s",
            "FileStream 256 KiB chunks + IndexOf('\\n')", rawActive, MinValue: 1_000_000));

        var (rawDecode, _) = SideBySide.Run(options.Rounds, () => RawSplitDecode(reader.LogPath, count, expectedSum), () => 0);
        table.Add(new ResultRow("3b", "raw split + Utf8JsonReader amount (no Event objects)", rawDecode, "ev/s",
            "FileStream 256 KiB chunks + IndexOf('\\n')", rawActive, Note: "breakdown: cost of JSON decoding alone"));
        ReadBreakdown.Run(options, table, reader.LogPath, count);

        sw.Restart();
        using (var writer = EventWriter.Open(dir, new EventWriterOptions { Durability = Durability.Buffered }))
        {
            writer.Rotate();
        }

        var archive = new FileInfo(reader.ArchivePath).Length;
        Console.WriteLine($"[core] read: rotated into {archive / 1e6:0.0} MB archive in {sw.Elapsed.TotalSeconds:0.0} s");
        var (full, rawArchive) = SideBySide.Run(
            options.Rounds,
            () => FoldFull(reader, count, expectedSum),
            () => RawArchiveSplit(reader.ArchivePath, count));
        table.Add(new ResultRow("3c", "ReadFull() + decode + fold (archive.jsonl.zst)", full, "ev/s",
            "zstd DecompressionStream + IndexOf('\\n')", rawArchive));
    }

    /// <summary>Writes the log through the writer (buffered, single appends: the same lines row 1 writes).</summary>
    private static void WriteLog(string dir, int count)
    {
        var pool = SampleEvents.Create(PoolSize);
        using var writer = EventWriter.Open(dir, new EventWriterOptions { Durability = Durability.Buffered });
        for (var i = 0; i < count; i++)
        {
            writer.Append(pool[i % PoolSize]);
        }

        writer.Flush();
    }

    private static double FoldActive(EventReader reader, long count, long expectedSum)
    {
        var sw = Stopwatch.StartNew();
        long n = 0, sum = 0;
        foreach (var record in reader.ReadFrom(0))
        {
            sum += AmountFold.AmountOf(record.Event.Data.Span);
            n++;
        }

        sw.Stop();
        AmountFold.Check("ReadFrom", n, count, sum, expectedSum);
        return SideBySide.Rate(n, sw.Elapsed);
    }

    private static double FoldFull(EventReader reader, long count, long expectedSum)
    {
        var sw = Stopwatch.StartNew();
        long n = 0, sum = 0;
        foreach (var record in reader.ReadFull())
        {
            sum += AmountFold.AmountOf(record.Event.Data.Span);
            n++;
        }

        sw.Stop();
        AmountFold.Check("ReadFull", n, count, sum, expectedSum);
        return SideBySide.Rate(n, sw.Elapsed);
    }

    /// <summary>Baseline: the file's bytes in 256 KiB chunks (the reader's buffer size), split at LF; nothing decoded.</summary>
    private static double RawSplit(string path, long count) => RawLines(path, count, 0, _ => 0);

    /// <summary>Breakdown: split plus finding <c>data.amount</c> in each line with a Utf8JsonReader, no Event objects.</summary>
    private static double RawSplitDecode(string path, long count, long expectedSum) =>
        RawLines(path, count, expectedSum, line => AmountFold.AmountOf(line[(line.IndexOf(",\"data\":"u8) + 8)..]));

    private static double RawLines(string path, long count, long expectedSum, LineFold fold)
    {
        var sw = Stopwatch.StartNew();
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0);
        var buffer = new byte[256 * 1024];
        int filled = 0, read;
        long n = 0, sum = 0;
        while ((read = file.Read(buffer, filled, buffer.Length - filled)) > 0)
        {
            filled += read;
            var rest = buffer.AsSpan(0, filled);
            int lf;
            while ((lf = rest.IndexOf((byte)'\n')) >= 0)
            {
                sum += fold(rest[..lf]);
                n++;
                rest = rest[(lf + 1)..];
            }

            rest.CopyTo(buffer);
            filled = rest.Length;
        }

        sw.Stop();
        AmountFold.Check("raw split", n, count, sum, expectedSum);
        return SideBySide.Rate(n, sw.Elapsed);
    }

    private static double RawArchiveSplit(string path, long count)
    {
        var sw = Stopwatch.StartNew();
        using var file = File.OpenRead(path);
        using var zstd = new DecompressionStream(file);
        var buffer = new byte[256 * 1024];
        long n = 0;
        int read;
        while ((read = zstd.Read(buffer)) > 0)
        {
            n += buffer.AsSpan(0, read).Count((byte)'\n');
        }

        sw.Stop();
        AmountFold.Check("raw archive split", n, count, 0, 0);
        return SideBySide.Rate(n, sw.Elapsed);
    }
}
