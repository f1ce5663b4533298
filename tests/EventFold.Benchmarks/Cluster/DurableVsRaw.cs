using System.Diagnostics;
using EventFold.Benchmarks.Core;
using EventFold.Benchmarks.Harness;

namespace EventFold.Benchmarks.Cluster;

/// <summary>
/// Row 4a': durable commands through one aggregate grain against the raw fsync-per-line loop of row 1a, interleaved in
/// slices of 25 within each round (the disk's flush latency drifts too much for whole-round alternation).
/// </summary>
public static class DurableVsRaw
{
    private const int Slice = 25;

    /// <summary>Warm-up plus <paramref name="rounds"/> rounds; medians per side and the median of per-round ratios.</summary>
    public static async Task<(double Grain, double Raw, double PairedRatio)> RunAsync(SiloHost silo, TempDir temp, int count, int rounds)
    {
        var lines = SampleEvents.Lines(SampleEvents.Create(count));
        await RoundAsync(silo, temp, lines, count);
        var g = new List<double>();
        var r = new List<double>();
        for (var i = 0; i < rounds; i++)
        {
            var (grain, raw) = await RoundAsync(silo, temp, lines, count);
            g.Add(grain);
            r.Add(raw);
        }

        Console.WriteLine("     rounds: " + string.Join(" ", g.Select(ResultRow.Fmt)) + " | " + string.Join(" ", r.Select(ResultRow.Fmt)));
        return (Stats.Median(g), Stats.Median(r), Stats.Median([.. g.Zip(r, (a, b) => a / b)]));
    }

    private static async Task<(double Grain, double Raw)> RoundAsync(SiloHost silo, TempDir temp, byte[][] lines, int count)
    {
        var grain = silo.Grains.GetGrain<IEventFoldCounter>($"interleaved-{Guid.NewGuid():N}");
        await grain.GetState();
        var dir = temp.Sub($"raw-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        long grainTicks = 0, rawTicks = 0;
        using (var raw = new FileStream(Path.Combine(dir, "app.jsonl"), FileMode.CreateNew, FileAccess.Write, FileShare.Read, bufferSize: 0))
        {
            raw.Flush(flushToDisk: true);
            for (var start = 0; start < count; start += Slice)
            {
                var end = Math.Min(count, start + Slice);
                var t0 = Stopwatch.GetTimestamp();
                for (var i = start; i < end; i++)
                {
                    await grain.Execute(new Increment(1), CommandLoad.NewContext());
                }

                var t1 = Stopwatch.GetTimestamp();
                for (var i = start; i < end; i++)
                {
                    raw.Write(lines[i]);
                    raw.Flush(flushToDisk: true);
                }

                grainTicks += t1 - t0;
                rawTicks += Stopwatch.GetTimestamp() - t1;
            }
        }

        Directory.Delete(dir, recursive: true);
        return (count * (double)Stopwatch.Frequency / grainTicks, count * (double)Stopwatch.Frequency / rawTicks);
    }
}
