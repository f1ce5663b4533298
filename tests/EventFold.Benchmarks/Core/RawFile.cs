namespace EventFold.Benchmarks.Core;

/// <summary>Baselines: the same line bytes written with a plain <see cref="FileStream"/> (row 1a's fsync loop is in <see cref="DurableInterleaved"/>).</summary>
public static class RawFile
{
    /// <summary>One write of <paramref name="batch"/> lines plus one fsync per batch.</summary>
    public static void WriteFlushBatches(string path, byte[][] lines, int count, int batch)
    {
        using var fs = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 64 * 1024);
        for (var i = 0; i < count; i++)
        {
            fs.Write(lines[i]);
            if ((i + 1) % batch == 0)
            {
                fs.Flush(flushToDisk: true);
            }
        }

        fs.Flush(flushToDisk: true);
    }

    /// <summary>Buffered writes (FileStream's default 4 KiB buffer), no flush to disk.</summary>
    public static void WriteBuffered(string path, byte[][] lines, int count)
    {
        using var fs = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        for (var i = 0; i < count; i++)
        {
            fs.Write(lines[i]);
        }
    }
}
