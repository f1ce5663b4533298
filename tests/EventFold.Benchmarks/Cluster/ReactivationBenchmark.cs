using System.Diagnostics;
using EventFold.Benchmarks.Harness;
using EventFold.Orleans.Commands;

namespace EventFold.Benchmarks.Cluster;

/// <summary>
/// Row 5: reactivating an aggregate with many events, from a fresh snapshot (only the tail is read) versus with the
/// snapshot deleted (full replay). Each side ends deactivated; a full replay's deactivation saves the snapshot again.
/// </summary>
public sealed class ReactivationBenchmark(Options options, ResultTable table, SiloHost silo)
{
    private const int BatchSize = 1000;
    private static readonly TimeSpan DeactivationTimeout = TimeSpan.FromSeconds(30);

    public async Task RunAsync()
    {
        var events = options.Count(100_000, 20_000);
        var key = $"reactivate-{Guid.NewGuid():N}";
        var grain = silo.Grains.GetGrain<IEventFoldCounter>(key);
        var fill = Stopwatch.StartNew();
        for (var i = 0; i < events / BatchSize; i++)
        {
            await grain.Execute(new IncrementMany(BatchSize), CommandContext.None);
        }

        Console.WriteLine($"[orleans] reactivation: {events:N0} events written in {fill.Elapsed.TotalSeconds:0.0} s");
        await DeactivateAsync(grain);
        var snapshotPath = Path.Combine(silo.Store.StreamDirectory("bench-counter", key), "views", "state.snapshot.json");
        if (!File.Exists(snapshotPath))
        {
            throw new InvalidOperationException($"expected a snapshot at {snapshotPath}");
        }

        var medians = await SideBySide.RunAsync(
            options.Rounds,
            _ => ReactivateAsync(grain, events, deleteSnapshot: false, snapshotPath),
            _ => ReactivateAsync(grain, events, deleteSnapshot: true, snapshotPath));
        table.Add(new ResultRow("5", $"reactivate {events:N0}-event aggregate from snapshot", medians[0], "ms",
            "snapshot deleted: full replay", medians[1], LowerIsBetter: true));
        table.Add(new ResultRow("5'", "  full replay rate", events / (medians[1] / 1000), "ev/s"));
        ReplayBreakdown.Run(options, table, silo.Store.StreamDirectory("bench-counter", key), events);
    }

    /// <summary>Times the first call after a deactivation (it activates and loads the grain), then deactivates it again.</summary>
    private async Task<double> ReactivateAsync(IEventFoldCounter grain, int events, bool deleteSnapshot, string snapshotPath)
    {
        if (deleteSnapshot)
        {
            File.Delete(snapshotPath);
        }

        var started = Stopwatch.GetTimestamp();
        var state = await grain.GetVersionedState();
        var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (state.Version != events || state.State.Total != events)
        {
            throw new InvalidOperationException($"reactivated at version {state.Version} total {state.State.Total}, expected {events}");
        }

        await DeactivateAsync(grain);
        return ms;
    }

    private async Task DeactivateAsync(IEventFoldCounter grain)
    {
        await grain.Deactivate();
        await silo.WaitForDeactivationAsync(grain, DeactivationTimeout);
    }
}
