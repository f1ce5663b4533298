using Xunit;
using EventFold.Orleans.Aggregates;
using EventFold.Orleans.Commands;
using EventFold.Orleans.Tests.Domain;
using EventFold.Orleans.Tests.Support;

namespace EventFold.Orleans.Tests.Aggregates;

/// <summary>Regression: an event Apply threw on was written anyway, reported as success, and the aggregate never loaded again.</summary>
public sealed class FoldBeforeWriteTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task An_event_Apply_overflows_on_is_refused_typed_nothing_is_written_and_the_aggregate_survives_a_restart()
    {
        await using (var cluster = await TestSilo.StartAsync(_dir.Path))
        {
            var counter = cluster.Client.GetGrain<ICounterAggregate>("overflow");
            await counter.Execute(new AddAll([int.MaxValue - 1]), CommandContext.None);
            var directory = cluster.Directory("counter", "overflow");
            var before = StreamFiles.ReadLogBytes(directory);

            var error = await Assert.ThrowsAsync<AggregateFoldException>(() => counter.Execute(new AddAll([1, 1]), CommandContext.None));

            Assert.Equal(typeof(Added).FullName, error.EventType);
            Assert.Equal(1, error.EventIndex);
            Assert.Equal(typeof(OverflowException).FullName, error.CauseType);
            Assert.Equal(("counter", "overflow", 1L), (error.AggregateType, error.AggregateId, error.Version));
            Assert.Contains(nameof(Added), error.Message, StringComparison.Ordinal);
            Assert.Equal(before, StreamFiles.ReadLogBytes(directory));

            // The grain goes on from the unchanged state.
            var next = await counter.Execute(new AddAll([-5]), CommandContext.None);
            Assert.Equal(2, next.Version);
            Assert.Equal(int.MaxValue - 6, (await counter.GetState()).Total);
        }

        await using (var cluster = await TestSilo.StartAsync(_dir.Path))
        {
            var state = await cluster.Client.GetGrain<ICounterAggregate>("overflow").GetVersionedState();
            Assert.Equal(2, state.Version);
            Assert.Equal(int.MaxValue - 6, state.State.Total);
            Assert.Equal([int.MaxValue - 1, -5], state.State.History);
        }
    }

    [Fact]
    public async Task An_event_Apply_has_no_case_for_is_refused_and_creates_no_stream()
    {
        await using var cluster = await TestSilo.StartAsync(_dir.Path);
        var counter = cluster.Client.GetGrain<ICounterAggregate>("forgotten");

        var error = await Assert.ThrowsAsync<AggregateFoldException>(() => counter.Execute(new Forget(), CommandContext.None));

        Assert.Equal(typeof(Forgotten).FullName, error.EventType);
        Assert.Equal(typeof(ArgumentOutOfRangeException).FullName, error.CauseType);
        Assert.Contains("Unknown event", error.Reason, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(cluster.Directory("counter", "forgotten"), "app.jsonl")));
        Assert.DoesNotContain("forgotten", cluster.Store().ListIds("counter"));
        Assert.Equal(1, (await counter.Execute(new AddAll([3]), CommandContext.None)).Version);
    }

    [Fact]
    public async Task The_trial_fold_runs_on_a_copy_so_a_state_mutated_in_place_is_folded_once()
    {
        await using var cluster = await TestSilo.StartAsync(_dir.Path);
        var counter = cluster.Client.GetGrain<ICounterAggregate>("mutable");

        await counter.Execute(new AddAll([1, 2]), CommandContext.None);
        await Assert.ThrowsAsync<AggregateFoldException>(() => counter.Execute(new AddAll([5, int.MaxValue]), CommandContext.None));

        var state = await counter.GetVersionedState();
        Assert.Equal(2, state.Version);
        Assert.Equal(3, state.State.Total);
        Assert.Equal([1, 2], state.State.History);
        Assert.Equal(2, cluster.ReadAll("counter", "mutable").Count);
    }

    [Fact]
    public async Task A_decision_that_changes_the_state_it_is_given_changes_neither_the_view_nor_the_next_decision()
    {
        await using var cluster = await TestSilo.StartAsync(_dir.Path);
        var counter = cluster.Client.GetGrain<ICounterAggregate>("scribbled");
        await counter.Execute(new AddAll([4]), CommandContext.None);

        // Nothing in flight: the decision reads the confirmed view, so it must get a copy of the state.
        var rejected = await counter.Execute(new Scribble(), CommandContext.None);
        var next = await counter.Execute(new AddAll([1]), CommandContext.None);

        Assert.Equal("scribbled", rejected.Error?.Code);
        Assert.Equal(2, next.Version);
        var state = await counter.GetVersionedState();
        Assert.Equal(5, state.State.Total);
        Assert.Equal([4, 1], state.State.History);
    }
}
