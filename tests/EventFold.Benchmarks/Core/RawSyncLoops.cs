using System.Diagnostics;
using Microsoft.Win32.SafeHandles;

namespace EventFold.Benchmarks.Core;

/// <summary>
/// The raw baselines of the group-commit rows: the same line bytes written with one <c>pwrite</c> each and made
/// durable with one <c>fdatasync</c> each, with no EventFold code in between.
/// </summary>
public static class RawSyncLoops
{
    /// <summary>
    /// <paramref name="threads"/> dedicated threads, each appending its share of <paramref name="lines"/> to its own
    /// fresh file, one write + one <c>fdatasync</c> per line. Returns lines per second over all threads.
    /// </summary>
    public static double Parallel(string directory, byte[][] lines, int threads)
    {
        Directory.CreateDirectory(directory);
        var perThread = lines.Length / threads;
        using var start = new Barrier(threads + 1);
        var workers = new Thread[threads];
        for (var t = 0; t < threads; t++)
        {
            var index = t;
            workers[t] = new Thread(() =>
            {
                using var handle = File.OpenHandle(Path.Combine(directory, $"raw-{index}.jsonl"), FileMode.CreateNew, FileAccess.ReadWrite);
                Sync(handle);
                start.SignalAndWait();
                long offset = 0;
                for (var i = 0; i < perThread; i++)
                {
                    var line = lines[(index * perThread) + i];
                    RandomAccess.Write(handle, line, offset);
                    offset += line.Length;
                    Sync(handle);
                }
            }) { IsBackground = true };
            workers[t].Start();
        }

        start.SignalAndWait();
        var clock = Stopwatch.StartNew();
        foreach (var w in workers)
        {
            w.Join();
        }

        var rate = perThread * threads / clock.Elapsed.TotalSeconds;
        Directory.Delete(directory, recursive: true);
        return rate;
    }

    /// <summary>The writer's own flush: <c>fdatasync</c> on Linux.</summary>
    public static void Sync(SafeFileHandle handle) => DurableFile.FlushToDisk(handle);
}
