using System.Diagnostics;
using EventFold.Benchmarks.Cluster;
using EventFold.Benchmarks.Harness;
using EventFold.Orleans.Commands;
using EventFold.Orleans.Projections;

namespace EventFold.Benchmarks.Projections;

/// <summary>The projection measurements taken on one silo (lag, read-your-writes, rebuild), and their rows.</summary>
public sealed class ProjectionSide(Options options)
{
    private const int Callers = 64;
    private const int Aggregates = 1000;
    private const int Slice = 25;

    private readonly List<double> _idleLag = [];
    private readonly List<double> _idleExecute = [];
    private List<double> _probe = [];
    private readonly List<double> _saturatedLag = [];
    private readonly List<double> _saturatedExecute = [];
    private readonly List<double> _ryw = [];
    private readonly List<double> _plain = [];
    private double _saturatedRate;
    private double _rebuildRate;
    private double _readRate;
    private long _rebuildEvents;

    /// <summary>Idle CPU share in % of one core, measured after the idle-lag row.</summary>
    public double IdleCpu { get; set; }

    /// <summary>One command at a time, with a random pause (0-20 ms) so commands land at any phase of the pulling timer.</summary>
    public async Task IdleLagAsync(SiloHost silo, int count)
    {
        var grain = silo.Grains.GetGrain<IProjectedCounter>($"idle-{Guid.NewGuid():N}");
        var random = new Random(42);
        await OneAsync(grain, null, null);
        for (var i = 0; i < count; i++)
        {
            await Task.Delay(random.Next(0, 21));
            await OneAsync(grain, _idleLag, _idleExecute);
        }

        Console.WriteLine($"     idle lag p50 {Stats.Median(_idleLag):0.000} ms, p99 {Stats.Percentile(_idleLag, 0.99):0.000} ms ({count} commands)");
        _probe = await StreamProbe.MeasureAsync(silo.Services, count);
    }

    /// <summary>64 callers over 1,000 aggregates, each waiting for its command to be projected before sending the next.</summary>
    public async Task SaturatedLagAsync(SiloHost silo, int count)
    {
        var grains = Enumerable.Range(0, Aggregates).Select(i => silo.Grains.GetGrain<IProjectedCounter>($"saturated-{i}")).ToArray();
        await LoadAsync(grains, Callers * 4, null, null);
        var total = Stopwatch.StartNew();
        await LoadAsync(grains, count, _saturatedLag, _saturatedExecute);
        _saturatedRate = count / total.Elapsed.TotalSeconds;
        Console.WriteLine($"     saturated: {_saturatedRate:0} cmd/s projected, lag p50 {Stats.Median(_saturatedLag):0.000} ms, p99 {Stats.Percentile(_saturatedLag, 0.99):0.000} ms");
    }

    /// <summary>
    /// Execute, then ask the projection for its state at the returned position, against a plain Execute on the same
    /// aggregate, interleaved every 25 commands (a warm-up round, then the usual rounds); the rows compare the p50s.
    /// </summary>
    public async Task ReadYourWritesAsync(SiloHost silo, int count)
    {
        var projection = silo.Grains.GetProjection<ILagProjection>();
        var ratios = new List<double>();
        for (var round = 0; round <= options.Rounds; round++)
        {
            var measured = round > 0;
            var grain = silo.Grains.GetGrain<IProjectedCounter>($"ryw-{Guid.NewGuid():N}");
            await grain.GetState();
            long plainTicks = 0, rywTicks = 0;
            for (var start = 0; start < count; start += Slice)
            {
                var n = Math.Min(Slice, count - start);
                var t0 = Stopwatch.GetTimestamp();
                for (var i = 0; i < n; i++)
                {
                    var s = Stopwatch.GetTimestamp();
                    await grain.Execute(new Increment(1), CommandLoad.NewContext());
                    if (measured)
                    {
                        _plain.Add(Stopwatch.GetElapsedTime(s).TotalMilliseconds);
                    }
                }

                var t1 = Stopwatch.GetTimestamp();
                for (var i = 0; i < n; i++)
                {
                    var s = Stopwatch.GetTimestamp();
                    var result = await grain.Execute(new Increment(1), CommandLoad.NewContext());
                    var state = await projection.Get(result.Position);
                    if (measured)
                    {
                        _ryw.Add(Stopwatch.GetElapsedTime(s).TotalMilliseconds);
                    }

                    if (state.Events < result.Version)
                    {
                        throw new InvalidOperationException($"read-your-writes returned {state.Events} events after version {result.Version}");
                    }
                }

                plainTicks += t1 - t0;
                rywTicks += Stopwatch.GetTimestamp() - t1;
            }

            if (measured)
            {
                ratios.Add((double)rywTicks / plainTicks);
            }
        }

        Console.WriteLine("     read-your-writes / plain per round: " + string.Join(" ", ratios.Select(r => r.ToString("0.00"))));
    }

    /// <summary>RebuildAsync over the bulk streams, beside a bare EventReader pass over the same files.</summary>
    public async Task RebuildAsync(SiloHost silo, int streams, int eventsPerStream)
    {
        var projection = silo.Grains.GetProjection<IBulkProjection>();
        _rebuildEvents = (long)streams * eventsPerStream;
        var expectedTotal = _rebuildEvents;
        var initial = await projection.Get(null);
        if (initial.Events != _rebuildEvents)
        {
            throw new InvalidOperationException($"the bulk projection caught up {initial.Events} events at start, expected {_rebuildEvents}");
        }

        var medians = await SideBySide.RunAsync(
            options.Rounds,
            async _ =>
            {
                var started = Stopwatch.GetTimestamp();
                await projection.RebuildAsync();
                var elapsed = Stopwatch.GetElapsedTime(started);
                var state = await projection.Get(null);
                if (state.Events != _rebuildEvents || state.Total != expectedTotal)
                {
                    throw new InvalidOperationException($"rebuild folded {state.Events} events (total {state.Total}), expected {_rebuildEvents}");
                }

                return SideBySide.Rate(_rebuildEvents, elapsed);
            },
            _ => Task.FromResult(BulkStreams.ReadAll(silo.Store, streams, _rebuildEvents)));
        (_rebuildRate, _readRate) = (medians[0], medians[1]);
    }

    public void Report(ResultTable table, IReadOnlyList<(string Label, ProjectionSide Side)> sweep, ProjectionSide durable)
    {
        table.Add(new ResultRow("P1 p50", "lag, acknowledged command -> projection applied it, idle (notice-driven)", Stats.Median(_idleLag), "ms",
            "Execute round trip, same commands", Stats.Median(_idleExecute), LowerIsBetter: true));
        table.Add(new ResultRow("P1 p99", "  lag p99, idle", Stats.Percentile(_idleLag, 0.99), "ms",
            "Execute round trip p99", Stats.Percentile(_idleExecute, 0.99), LowerIsBetter: true, MaxValue: 5));
        table.Add(new ResultRow("P1m", "  the memory stream alone (OnNextAsync -> implicit subscriber), idle, p50", Stats.Median(_probe), "ms",
            Note: $"p99 {Stats.Percentile(_probe, 0.99):0.00} ms"));
        var orleans = sweep[0].Side;
        ArgumentOutOfRangeException.ThrowIfZero(orleans._idleLag.Count);
        foreach (var (label, side) in sweep)
        {
            table.Add(new ResultRow($"P1s {label}", $"  idle lag p50, pulling period {label}", Stats.Median(side._idleLag), "ms",
                "memory stream alone p50", Stats.Median(side._probe), LowerIsBetter: true,
                Note: $"lag p99 {Stats.Percentile(side._idleLag, 0.99):0.0} ms, stream alone p99 {Stats.Percentile(side._probe, 0.99):0.0} ms; idle process CPU {side.IdleCpu:0.0}% of one core"));
        }

        table.Add(new ResultRow("P1c", "  idle process CPU at the default pulling period (% of one core)", IdleCpu, "%",
            "Orleans' pulling period (100 ms, 8 queues)", orleans.IdleCpu, LowerIsBetter: true));
        table.Add(new ResultRow("P2", $"{Callers} callers over {Aggregates} aggregates, each waits for its command to be projected", _saturatedRate, "cmd/s"));
        table.Add(new ResultRow("P2 p50", "  lag p50, saturated", Stats.Median(_saturatedLag), "ms",
            "Execute round trip, same commands", Stats.Median(_saturatedExecute), LowerIsBetter: true));
        table.Add(new ResultRow("P2 p99", "  lag p99, saturated", Stats.Percentile(_saturatedLag, 0.99), "ms",
            "Execute round trip p99", Stats.Percentile(_saturatedExecute, 0.99), LowerIsBetter: true, MaxValue: 50));
        ReportReadYourWrites(table, "P3", "Buffered");
        durable.ReportReadYourWrites(table, "P3d", "Durable");
        table.Add(new ResultRow("P4", $"RebuildAsync over {_rebuildEvents:N0} events ({_rebuildEvents / 1000:N0} streams x 1,000)", _rebuildRate, "ev/s",
            "bare EventReader.ReadFrom(0) over the same streams", _readRate, MinValue: 500_000));
    }

    /// <summary>The read-your-writes rows (p50 against the target, p99 for information).</summary>
    public void ReportReadYourWrites(ResultTable table, string id, string durability)
    {
        table.Add(new ResultRow(id, $"read-your-writes, {durability}: Execute + projection query at the returned position, p50", Stats.Median(_ryw), "ms",
            $"plain Execute, {durability} (interleaved every 25)", Stats.Median(_plain), LowerIsBetter: true, MaxRatio: 2));
        table.Add(new ResultRow(id + " p99", $"  read-your-writes p99, {durability}", Stats.Percentile(_ryw, 0.99), "ms",
            "plain Execute p99", Stats.Percentile(_plain, 0.99), LowerIsBetter: true));
    }

    private static async Task OneAsync(IProjectedCounter grain, List<double>? lag, List<double>? execute)
    {
        var t0 = Stopwatch.GetTimestamp();
        var result = await grain.Execute(new Increment(1), CommandLoad.NewContext());
        var acked = Stopwatch.GetTimestamp();
        var applied = await ApplyClock.WhenAppliedAsync(result.Position.Id, result.Version);
        // The notice can be applied before the reply reaches the caller: that is no lag.
        lag?.Add(Math.Max(0, applied - acked) * 1000.0 / Stopwatch.Frequency);
        execute?.Add((acked - t0) * 1000.0 / Stopwatch.Frequency);
    }

    private static async Task LoadAsync(IProjectedCounter[] grains, int count, List<double>? lag, List<double>? execute)
    {
        var perCaller = count / Callers;
        var lags = new List<double>[Callers];
        var executes = new List<double>[Callers];
        await Task.WhenAll(Enumerable.Range(0, Callers).Select(c => Task.Run(async () =>
        {
            lags[c] = new List<double>(perCaller);
            executes[c] = new List<double>(perCaller);
            for (var i = 0; i < perCaller; i++)
            {
                await OneAsync(grains[((i * Callers) + c) % grains.Length], lags[c], executes[c]);
            }
        })));
        foreach (var c in Enumerable.Range(0, Callers))
        {
            lag?.AddRange(lags[c]);
            execute?.AddRange(executes[c]);
        }
    }
}
