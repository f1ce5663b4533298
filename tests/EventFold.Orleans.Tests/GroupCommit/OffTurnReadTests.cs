using System.Collections.Concurrent;
using EventFold.Orleans.Commands;
using EventFold.Orleans.Tests.Domain;
using EventFold.Orleans.Tests.Support;
using Xunit;

namespace EventFold.Orleans.Tests.GroupCommit;

/// <summary>
/// Issue 10, "no disk wait on a grain turn": an activation reads its snapshot and log tail, and a grain catches up with
/// another writer's appends, on the store's background threads, not on a grain turn (a thread-pool thread). Observed
/// through the fold, which runs as the lines are read.
/// </summary>
public sealed class OffTurnReadTests : IDisposable
{
    private const int OutsideEvents = 30;
    private readonly TempDirectory _dir = new();
    private readonly ConcurrentQueue<bool> _folds = new();

    public OffTurnReadTests() => CounterAggregate.NoteFolded = _folds.Enqueue;

    public void Dispose()
    {
        CounterAggregate.NoteFolded = null;
        _dir.Dispose();
    }

    [Fact]
    public async Task A_reactivated_aggregate_reads_and_folds_its_log_off_the_thread_pool()
    {
        await using var cluster = await TestSilo.StartAsync(_dir.Path, o =>
        {
            o.SnapshotEveryEvents = 0;
            o.SnapshotOnDeactivation = false;
            o.MaxActiveLogBytes = 0;
        });
        var counter = cluster.Client.GetGrain<ICounterAggregate>("reloaded");
        for (var i = 0; i < 20; i++)
        {
            Assert.True((await counter.Execute(new WriteNotes(10, 8), CommandContext.None)).Succeeded);
        }

        await cluster.DeactivateAsync(counter);
        _folds.Clear();

        var state = await counter.GetVersionedState();

        Assert.Equal(200, state.Version);
        Assert.Equal(200, state.State.Notes);
        Assert.Equal(200, _folds.Count);
        Assert.True(_folds.All(onPool => !onPool), $"{_folds.Count(onPool => onPool)} of {_folds.Count} replayed folds ran on thread-pool threads (grain turns)");
    }

    [Fact]
    public async Task Events_appended_by_another_writer_are_read_and_folded_off_the_thread_pool_after_the_conflict()
    {
        await using var cluster = await TestSilo.StartAsync(_dir.Path);
        var counter = cluster.Client.GetGrain<ICounterAggregate>("contended");
        await counter.Execute(new WriteNotes(1, 8), CommandContext.None);

        // Another writer (same process, same writer lock) appends behind the grain's back.
        using (var lease = await cluster.Store().OpenWriterAsync("counter", "contended", CancellationToken.None))
        {
            for (var i = 0; i < OutsideEvents; i++)
            {
                lease.Use(w => w.Append(new Event("counter-noted", "{\"text\":\"outside\"}"u8.ToArray(), 1)));
            }
        }

        _folds.Clear();

        // The append conflicts; the grain catches up with the 30 events, then decides and writes again.
        var result = await counter.Execute(new WriteNotes(1, 8), CommandContext.None);

        Assert.Equal(2 + OutsideEvents, result.Version);
        Assert.Equal(2 + OutsideEvents, (await counter.GetState()).Notes);
        // Each decision also folds its event on the turn (the trial fold before writing, twice here, then the fold of
        // the written event): those three run on the pool, the 30 caught-up ones must not.
        var folds = _folds.ToArray();
        Assert.Equal(OutsideEvents + 3, folds.Length);
        Assert.Equal(OutsideEvents, folds.Count(onPool => !onPool));
    }
}
