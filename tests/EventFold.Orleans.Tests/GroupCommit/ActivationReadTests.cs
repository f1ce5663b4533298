using System.Collections.Concurrent;
using EventFold.Orleans.Commands;
using EventFold.Orleans.Tests.Domain;
using EventFold.Orleans.Tests.Support;
using Xunit;

namespace EventFold.Orleans.Tests.GroupCommit;

/// <summary>
/// Issue 10, "no disk wait on a grain turn": an activation reads its snapshot and log tail on the store's background
/// threads, not on a grain turn (a thread-pool thread). Observed through the fold, which runs as the lines are read.
/// </summary>
public sealed class ActivationReadTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly ConcurrentQueue<bool> _folds = new();

    public ActivationReadTests() => CounterAggregate.NoteFolded = _folds.Enqueue;

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
}
