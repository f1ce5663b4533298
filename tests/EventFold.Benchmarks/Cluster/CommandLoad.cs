using System.Diagnostics;
using EventFold.Orleans.Commands;

namespace EventFold.Benchmarks.Cluster;

/// <summary>Drives commands into counter grains and records each call's latency.</summary>
public static class CommandLoad
{
    /// <summary>A realistic context: every command carries its own id (idempotency, <c>meta.command_id</c>).</summary>
    public static CommandContext NewContext() => new() { CommandId = Guid.NewGuid().ToString("N") };

    /// <summary><paramref name="count"/> commands, one after the other, to one grain. Returns commands/s.</summary>
    public static async Task<double> SequentialAsync(IBenchCounter grain, int count, List<double>? latenciesMs)
    {
        var total = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await grain.Execute(new Increment(1), NewContext());
            latenciesMs?.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        return count / total.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// <paramref name="count"/> commands spread over <paramref name="grains"/> by <paramref name="callers"/> concurrent
    /// callers (each caller walks the grains from its own offset). Returns commands/s.
    /// </summary>
    public static async Task<double> ConcurrentAsync(IReadOnlyList<IBenchCounter> grains, int callers, int count, List<double>? latenciesMs)
    {
        var perCaller = count / callers;
        var results = new List<double>[callers];
        var total = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(c => Task.Run(async () =>
        {
            var mine = new List<double>(perCaller);
            for (var i = 0; i < perCaller; i++)
            {
                var grain = grains[((i * callers) + c) % grains.Count];
                var start = Stopwatch.GetTimestamp();
                await grain.Execute(new Increment(1), NewContext());
                mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }

            results[c] = mine;
        })));
        var rate = perCaller * callers / total.Elapsed.TotalSeconds;
        if (latenciesMs is not null)
        {
            foreach (var r in results)
            {
                latenciesMs.AddRange(r);
            }
        }

        return rate;
    }
}
