using EventFold.Benchmarks.Harness;

namespace EventFold.Benchmarks.Cluster;

/// <summary>
/// Row 4: command throughput and latency through grains, EventFold (at the silo's durability) beside the same domain on
/// Orleans' LogStorage provider over in-memory storage; for Durable also beside the raw fsync-per-line loop (<see cref="DurableVsRaw"/>).
/// </summary>
public sealed class CommandBenchmarks(Options options, ResultTable table, SiloHost silo, TempDir temp)
{
    private const int Aggregates = 1000;
    private const int Callers = 64;

    private bool Durable => silo.Durability == Durability.Durable;

    private string Label => Durable ? "Durable" : "Buffered";

    public async Task RunAsync()
    {
        await CheckProvidersAsync();
        await SingleAggregateAsync();
        await ManyAggregatesAsync();
    }

    /// <summary>Proves the LogStorage grain really bypasses EventFold (the attribute override works) and the other does not.</summary>
    private async Task CheckProvidersAsync()
    {
        var key = $"check-{Guid.NewGuid():N}";
        await silo.Grains.GetGrain<IEventFoldCounter>(key).Execute(new Increment(1), CommandLoad.NewContext());
        await silo.Grains.GetGrain<ILogStorageCounter>(key).Execute(new Increment(1), CommandLoad.NewContext());
        var eventFold = Directory.Exists(silo.Store.StreamDirectory("bench-counter", key));
        var logStorage = Directory.Exists(silo.Store.StreamDirectory("bench-counter-logstorage", key));
        if (!eventFold || logStorage)
        {
            throw new InvalidOperationException($"provider check failed: EventFold stream on disk {eventFold}, LogStorage stream on disk {logStorage}");
        }
    }

    private async Task SingleAggregateAsync()
    {
        // The same count for every side: LogStorage rewrites the whole log per write, so its cost grows with the stream.
        var count = Durable ? options.Count(300, 150) : options.Count(400, 150);
        var efLatency = new List<double>();
        var lsLatency = new List<double>();
        var sides = new List<Func<bool, Task<double>>>
        {
            measured => Fresh<IEventFoldCounter>(count, measured ? efLatency : null),
            measured => Fresh<ILogStorageCounter>(count, measured ? lsLatency : null),
        };
        var medians = await SideBySide.RunAsync(options.Rounds, [.. sides]);
        var id = Durable ? "4a" : "4c";
        table.Add(new ResultRow(id, $"1 aggregate, sequential commands, EventFold {Label}", medians[0], "cmd/s",
            "LogStorage provider, memory storage", medians[1], MinRatio: Durable ? null : 0.8));
        if (Durable)
        {
            var (grain, raw, paired) = await DurableVsRaw.RunAsync(silo, temp, count, options.Rounds);
            table.Add(new ResultRow(id + "'", "1 aggregate, sequential commands, EventFold Durable", grain, "cmd/s",
                "raw FileStream write + Flush(true) per line", raw, MinRatio: 0.8,
                Note: "interleaved every 25 commands; ratio = median of per-round ratios", PairedRatio: paired));
        }

        AddLatencies(id, efLatency, lsLatency);
    }

    private async Task ManyAggregatesAsync()
    {
        var count = Durable ? options.Count(3_000, 1_280) : options.Count(5_000, 1_920);
        var ef = Enumerable.Range(0, Aggregates).Select(i => (IBenchCounter)silo.Grains.GetGrain<IEventFoldCounter>($"many-{i}")).ToArray();
        var ls = Enumerable.Range(0, Aggregates).Select(i => (IBenchCounter)silo.Grains.GetGrain<ILogStorageCounter>($"many-{i}")).ToArray();
        await Task.WhenAll(ef.Concat(ls).Select(g => g.GetState()));
        var efLatency = new List<double>();
        var lsLatency = new List<double>();
        var medians = await SideBySide.RunAsync(
            options.Rounds,
            measured => CommandLoad.ConcurrentAsync(ef, Callers, count, measured ? efLatency : null),
            measured => CommandLoad.ConcurrentAsync(ls, Callers, count, measured ? lsLatency : null));
        var id = Durable ? "4b" : "4d";
        table.Add(new ResultRow(id, $"{Aggregates} aggregates, {Callers} concurrent callers, EventFold {Label}", medians[0], "cmd/s",
            "LogStorage provider, memory storage", medians[1], MinRatio: Durable ? null : 0.8));
        AddLatencies(id, efLatency, lsLatency);
    }

    private void AddLatencies(string id, List<double> eventFold, List<double> logStorage)
    {
        foreach (var (p, name) in new[] { (0.5, "p50"), (0.99, "p99") })
        {
            table.Add(new ResultRow($"{id} {name}", $"  latency {name}, EventFold {Label}", Stats.Percentile(eventFold, p), "ms",
                "LogStorage provider", Stats.Percentile(logStorage, p), LowerIsBetter: true));
        }
    }

    /// <summary>A new aggregate per round (activated before timing), so both providers start from an empty stream.</summary>
    private async Task<double> Fresh<TGrain>(int count, List<double>? latencies)
        where TGrain : IBenchCounter
    {
        var grain = silo.Grains.GetGrain<TGrain>($"single-{Guid.NewGuid():N}");
        await grain.GetState();
        return await CommandLoad.SequentialAsync(grain, count, latencies);
    }

}
