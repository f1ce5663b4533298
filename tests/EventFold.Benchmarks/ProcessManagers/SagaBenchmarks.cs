using System.Diagnostics;
using EventFold.Benchmarks.Cluster;
using EventFold.Benchmarks.Harness;
using EventFold.Orleans.Commands;
using EventFold.Orleans.ProcessManagers;

namespace EventFold.Benchmarks.ProcessManagers;

/// <summary>
/// Row S1: completed two-step sagas per second (order placed -> stock reserved -> order confirmed, the last two sent by
/// the process manager through the bus), beside the same three commands sent by the client itself, side by side in one
/// silo. Orders are placed by 32 concurrent callers over 16 SKUs; a saga counts once its confirmation has an outcome.
/// </summary>
public sealed class SagaBenchmarks(Options options, ResultTable table)
{
    private const int Callers = 32;
    private const int Skus = 16;

    public async Task RunAsync()
    {
        foreach (var durability in new[] { Durability.Buffered, Durability.Durable })
        {
            using var temp = new TempDir("sagas");
            await using var silo = await SiloHost.StartAsync(temp.Sub("store"), durability);
            var count = options.Count(durability == Durability.Durable ? 1_000 : 2_000, 200);
            var medians = await SideBySide.RunAsync(
                options.Rounds,
                _ => SagasAsync(silo, count),
                _ => DirectAsync(silo, count));
            table.Add(new ResultRow($"S1{(durability == Durability.Durable ? "b" : "a")}", "completed two-step sagas (process manager)", medians[0], "sagas/s",
                "the 3 commands sent by the client", medians[1], Note: durability.ToString()));
        }
    }

    /// <summary>Places <paramref name="count"/> orders and waits until the saga has confirmed every one; sagas/s.</summary>
    private static async Task<double> SagasAsync(SiloHost silo, int count)
    {
        await CollectIdleAggregatesAsync(silo);
        var saga = silo.Grains.GetProcessManager<IBenchSaga>();
        var before = (await saga.GetStatusAsync()).CommandsSucceeded;
        var run = Guid.NewGuid().ToString("N")[..8];
        var total = Stopwatch.StartNew();
        await ForEachAsync(count, i => silo.Grains.GetGrain<IBenchOrder>($"{run}-{i}").Execute(new PlaceBenchOrder($"sku-{i % Skus}"), CommandContext.None));
        while ((await saga.GetStatusAsync()).CommandsSucceeded < before + (2L * count))
        {
            await Task.Delay(2);
        }

        return count / total.Elapsed.TotalSeconds;
    }

    /// <summary>The same three commands per order, sent by the caller one after the other; orders/s.</summary>
    private static async Task<double> DirectAsync(SiloHost silo, int count)
    {
        await CollectIdleAggregatesAsync(silo);
        var run = Guid.NewGuid().ToString("N")[..8];
        var total = Stopwatch.StartNew();
        await ForEachAsync(count, async i =>
        {
            var order = silo.Grains.GetGrain<IBenchOrder>($"direct-{run}-{i}");
            await order.Execute(new PlaceBenchOrder($"sku-{i % Skus}"), CommandContext.None);
            await silo.Grains.GetGrain<IBenchStock>($"direct-sku-{i % Skus}").Execute(new ReserveBenchStock(order.GetPrimaryKeyString()), CommandContext.None);
            await order.Execute(new ConfirmBenchOrder(), CommandContext.None);
        });
        return count / total.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// Deactivates the previous rounds' aggregates: every active aggregate keeps its log open, and a dozen rounds of fresh
    /// orders would otherwise pass the process's open-file limit (EMFILE).
    /// </summary>
    private static Task CollectIdleAggregatesAsync(SiloHost silo) =>
        silo.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

    private static Task ForEachAsync(int count, Func<int, Task> body)
    {
        var next = -1;
        return Task.WhenAll(Enumerable.Range(0, Callers).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                await body(i);
            }
        }));
    }
}
