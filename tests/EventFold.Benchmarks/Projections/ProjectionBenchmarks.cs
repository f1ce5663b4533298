using System.Diagnostics;
using EventFold.Benchmarks.Cluster;
using EventFold.Benchmarks.Harness;
using EventFold.Orleans.Projections;
using Microsoft.Extensions.DependencyInjection;

namespace EventFold.Benchmarks.Projections;

/// <summary>
/// Rows P1-P5: projections. One silo with Orleans' stream pulling period (100 ms, 8 queues) for the untuned idle lag and
/// idle CPU, one with EventFold's defaults (<see cref="ProjectionOptions.NoticePullingPeriod"/>, one queue) for the rest.
/// Both are Buffered (lag counts from the acknowledgement, so the fsync would only slow the loop down).
/// </summary>
public sealed class ProjectionBenchmarks(Options options, ResultTable table)
{
    public async Task RunAsync()
    {
        using var temp = new TempDir("projections");
        var untuned = new ProjectionSide(options);
        var tuned = new ProjectionSide(options);
        var streams = options.Count(1_000, 200);
        const int eventsPerStream = 1_000;
        var tunedDirectory = temp.Sub("store-tuned");
        BulkStreams.Write(tunedDirectory, streams, eventsPerStream);

        await using (var silo = await StartAsync(temp.Sub("store-untuned"), o =>
        {
            o.NoticePullingPeriod = TimeSpan.FromMilliseconds(100);
            o.NoticeQueues = 8;
        }))
        {
            await untuned.IdleLagAsync(silo, options.Count(100, 40));
            untuned.IdleCpu = await IdleCpuAsync();
        }

        await using (var silo = await StartAsync(tunedDirectory, null))
        {
            await tuned.IdleLagAsync(silo, options.Count(500, 150));
            tuned.IdleCpu = await IdleCpuAsync();
            await tuned.SaturatedLagAsync(silo, options.Count(6_400, 1_920));
            await tuned.ReadYourWritesAsync(silo, options.Count(500, 150));
            await tuned.RebuildAsync(silo, streams, eventsPerStream);
        }

        tuned.Report(table, untuned);
        CheckpointBenchmarks.Run(options, table, temp);
    }

    private static async Task<SiloHost> StartAsync(string directory, Action<ProjectionOptions>? projections)
    {
        var started = Stopwatch.StartNew();
        var silo = await SiloHost.StartAsync(directory, Durability.Buffered, s =>
        {
            if (projections is not null)
            {
                s.Services.Configure(projections);
            }
        });
        Console.WriteLine($"[projections] silo started in {started.Elapsed.TotalSeconds:0.0} s");
        return silo;
    }

    /// <summary>Process CPU time per wall second over 5 idle seconds (active projection grains, pulling agents, the silo's own timers).</summary>
    private static async Task<double> IdleCpuAsync()
    {
        await Task.Delay(TimeSpan.FromSeconds(1));
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpu0 = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(5));
        process.Refresh();
        var share = (process.TotalProcessorTime - cpu0).TotalSeconds / wall.Elapsed.TotalSeconds;
        Console.WriteLine($"[projections] idle CPU {share * 100:0.00}% of one core");
        return share * 100;
    }
}
