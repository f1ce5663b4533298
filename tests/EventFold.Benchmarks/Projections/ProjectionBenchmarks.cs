using System.Diagnostics;
using EventFold.Benchmarks.Cluster;
using EventFold.Benchmarks.Harness;
using EventFold.Orleans.Projections;
using Microsoft.Extensions.DependencyInjection;

namespace EventFold.Benchmarks.Projections;

/// <summary>
/// Rows P1-P5: projections. A sweep of silos at several notice pulling periods (Orleans' own 100 ms and 8 queues first)
/// for the idle lag and idle CPU, then one with EventFold's defaults (<see cref="ProjectionOptions.NoticePullingPeriod"/>,
/// <see cref="ProjectionOptions.NoticeQueues"/>) for the rest.
/// Both are Buffered (lag counts from the acknowledgement, so the fsync would only slow the loop down).
/// </summary>
public sealed class ProjectionBenchmarks(Options options, ResultTable table)
{
    public async Task RunAsync()
    {
        using var temp = new TempDir("projections");
        var tuned = new ProjectionSide(options);
        var streams = options.Count(1_000, 200);
        const int eventsPerStream = 1_000;
        var tunedDirectory = temp.Sub("store-tuned");
        BulkStreams.Write(tunedDirectory, streams, eventsPerStream);

        // Idle lag and idle CPU at several pulling periods: what the period costs and what it buys.
        var sweep = new List<(string Label, ProjectionSide Side)>();
        foreach (var (period, queues) in Sweep)
        {
            var side = new ProjectionSide(options);
            await using var silo = await StartAsync(temp.Sub($"store-sweep-{period}-{queues}"), o =>
            {
                o.NoticePullingPeriod = TimeSpan.FromMilliseconds(period);
                o.NoticeQueues = queues;
            });
            await side.IdleLagAsync(silo, options.Count(100, 40));
            side.IdleCpu = await IdleCpuAsync();
            sweep.Add(($"{period} ms, {queues} queue{(queues == 1 ? "" : "s")}", side));
        }

        await using (var silo = await StartAsync(tunedDirectory, null))
        {
            await tuned.IdleLagAsync(silo, options.Count(500, 150));
            tuned.IdleCpu = await IdleCpuAsync();
            await tuned.SaturatedLagAsync(silo, options.Count(6_400, 1_920));
            await tuned.ReadYourWritesAsync(silo, options.Count(500, 150));
            await tuned.RebuildAsync(silo, streams, eventsPerStream);
        }

        // Read-your-writes again at the default durability (Durable): the query's cost beside an fsync-bound Execute.
        var durable = new ProjectionSide(options);
        await using (var silo = await StartAsync(temp.Sub("store-durable"), null, Durability.Durable))
        {
            await durable.ReadYourWritesAsync(silo, options.Count(300, 100));
        }

        tuned.Report(table, sweep, durable);
        CheckpointBenchmarks.Run(options, table, temp);
    }

    /// <summary>Pulling periods (ms) and queue counts of the sweep; the first is Orleans' own default.</summary>
    private static readonly (int Period, int Queues)[] Sweep = [(100, 8), (20, 8), (10, 8), (5, 8), (2, 8), (1, 8), (5, 1)];

    private static async Task<SiloHost> StartAsync(string directory, Action<ProjectionOptions>? projections, Durability durability = Durability.Buffered)
    {
        var started = Stopwatch.StartNew();
        var silo = await SiloHost.StartAsync(directory, durability, s =>
        {
            if (projections is not null)
            {
                s.Services.Configure(projections);
            }
        });
        Console.WriteLine($"[projections] silo started in {started.Elapsed.TotalSeconds:0.0} s");
        return silo;
    }

    /// <summary>
    /// Process CPU time per wall second while idle (pulling agents, projection grains' timers, the silo's own timers): the
    /// lowest of three 3-second windows after a settling second, so stray background work (GC, a checkpoint) counts less.
    /// </summary>
    private static async Task<double> IdleCpuAsync()
    {
        await Task.Delay(TimeSpan.FromSeconds(1));
        using var process = Process.GetCurrentProcess();
        var windows = new List<double>();
        for (var i = 0; i < 3; i++)
        {
            process.Refresh();
            var cpu0 = process.TotalProcessorTime;
            var wall = Stopwatch.StartNew();
            await Task.Delay(TimeSpan.FromSeconds(3));
            process.Refresh();
            windows.Add((process.TotalProcessorTime - cpu0).TotalSeconds / wall.Elapsed.TotalSeconds * 100);
        }

        Console.WriteLine($"[projections] idle CPU (% of one core) per window: {string.Join(" ", windows.Select(w => w.ToString("0.0")))}");
        return windows.Min();
    }
}
