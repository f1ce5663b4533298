using System.Diagnostics;
using EventFold.Benchmarks.Cluster;
using EventFold.Benchmarks.Harness;
using EventFold.Orleans.Bus;
using Microsoft.Extensions.DependencyInjection;

namespace EventFold.Benchmarks.Bus;

/// <summary>
/// Rows B1: what the command bus adds to a command, side by side in one silo: the same sequential commands sent as a
/// direct grain call, as a typed envelope through <see cref="ICommandBus"/> and as a JSON envelope. Buffered durability,
/// so the fsync does not hide the bus's cost.
/// </summary>
public sealed class BusBenchmarks(Options options, ResultTable table)
{
    private const string AggregateType = "bench-counter";

    public async Task RunAsync()
    {
        using var temp = new TempDir("bus");
        await using var silo = await SiloHost.StartAsync(temp.Sub("store"), Durability.Buffered);
        var bus = silo.Services.GetRequiredService<ICommandBus>();
        var count = options.Count(2_000, 300);
        var direct = new List<double>();
        var typed = new List<double>();
        var json = new List<double>();

        var medians = await SideBySide.RunAsync(
            options.Rounds,
            measured => DirectAsync(silo, count, measured ? direct : null),
            measured => ThroughBusAsync(silo, count, measured ? typed : null, id => bus.SendAsync(Typed(id))),
            measured => ThroughBusAsync(silo, count, measured ? json : null, id => bus.SendJsonAsync(Json(id))));

        table.Add(new ResultRow("B1a", "1 aggregate, sequential commands through the bus, typed envelope", medians[1], "cmd/s",
            "direct grain call", medians[0], Note: "Buffered"));
        table.Add(new ResultRow("B1b", "1 aggregate, sequential commands through the bus, JSON envelope", medians[2], "cmd/s",
            "direct grain call", medians[0], Note: "Buffered"));
        foreach (var (p, name) in new[] { (0.5, "p50"), (0.99, "p99") })
        {
            var baseline = Stats.Percentile(direct, p);
            table.Add(new ResultRow($"B1a {name}", $"  latency {name}, bus typed", Stats.Percentile(typed, p), "ms", "direct grain call", baseline, LowerIsBetter: true));
            table.Add(new ResultRow($"B1b {name}", $"  latency {name}, bus JSON", Stats.Percentile(json, p), "ms", "direct grain call", baseline, LowerIsBetter: true));
        }

        var added = (Stats.Median(typed) - Stats.Median(direct)) * 1000;
        table.Add(new ResultRow("B1c", "  added latency p50, bus typed minus direct", added, "us"));
    }

    /// <summary>A new aggregate per round, activated before timing, called directly.</summary>
    private static async Task<double> DirectAsync(SiloHost silo, int count, List<double>? latencies)
    {
        var grain = silo.Grains.GetGrain<IEventFoldCounter>($"direct-{Guid.NewGuid():N}");
        await grain.GetState();
        return await CommandLoad.SequentialAsync(grain, count, latencies);
    }

    /// <summary>A new aggregate per round, activated before timing, reached through the bus by its id.</summary>
    private static async Task<double> ThroughBusAsync(SiloHost silo, int count, List<double>? latencies, Func<string, Task<CommandOutcome>> send)
    {
        var id = $"bus-{Guid.NewGuid():N}";
        await silo.Grains.GetGrain<IEventFoldCounter>(id).GetState();
        var total = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            var outcome = await send(id);
            latencies?.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            if (!outcome.Succeeded)
            {
                throw new InvalidOperationException($"bus command rejected: {outcome.Error}");
            }
        }

        return count / total.Elapsed.TotalSeconds;
    }

    private static CommandEnvelope Typed(string id) =>
        new() { AggregateType = AggregateType, AggregateId = id, Command = new Increment(1), Context = CommandLoad.NewContext() };

    private static JsonCommandEnvelope Json(string id) =>
        new() { AggregateType = AggregateType, AggregateId = id, CommandType = nameof(Increment), Payload = """{"amount":1}""", Context = CommandLoad.NewContext() };
}
