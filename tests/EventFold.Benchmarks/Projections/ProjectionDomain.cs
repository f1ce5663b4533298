using System.Collections.Concurrent;
using System.Diagnostics;
using EventFold.Benchmarks.Cluster;
using EventFold.Orleans.Aggregates;
using EventFold.Orleans.Projections;

namespace EventFold.Benchmarks.Projections;

/// <summary>The counter on its own aggregate type, followed by <see cref="LagProjection"/> (lag and read-your-writes rows).</summary>
[Alias("bench.IProjectedCounter")]
public interface IProjectedCounter : IBenchCounter;

[AggregateType("bench-projected")]
public sealed class ProjectedCounterGrain : CounterGrainBase, IProjectedCounter;

/// <summary>The counter type whose streams the rebuild row writes with the bare core writer (never activated).</summary>
[Alias("bench.IBulkCounter")]
public interface IBulkCounter : IBenchCounter;

[AggregateType("bench-bulk")]
public sealed class BulkCounterGrain : CounterGrainBase, IBulkCounter;

/// <summary>The benchmark read model: how many events and their summed amounts.</summary>
[GenerateSerializer, Immutable, Alias("bench.CountState")]
public sealed record CountState([property: Id(0)] long Events, [property: Id(1)] long Total);

/// <summary>
/// Records, in process, when the lag projection applied each event (a <see cref="Stopwatch"/> timestamp), so the caller
/// can subtract the moment its command was acknowledged. A side effect in a fold, for measuring only.
/// </summary>
public static class ApplyClock
{
    private static readonly ConcurrentDictionary<(string Id, long Version), TaskCompletionSource<long>> Applied = new();

    public static void Mark(string id, long version) =>
        Applied.GetOrAdd((id, version), static _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult(Stopwatch.GetTimestamp());

    /// <summary>The timestamp at which the projection applied <paramref name="version"/> of <paramref name="id"/> (forgotten after).</summary>
    public static async Task<long> WhenAppliedAsync(string id, long version)
    {
        var tcs = Applied.GetOrAdd((id, version), static _ => new(TaskCreationOptions.RunContinuationsAsynchronously));
        var at = await tcs.Task.WaitAsync(TimeSpan.FromSeconds(60));
        Applied.TryRemove((id, version), out _);
        return at;
    }
}

/// <summary>Counts <c>bench-projected</c> events and stamps each one for the lag rows.</summary>
public sealed class LagProjection : Projection<CountState>
{
    public override string Name => "bench-lag";

    public override int Version => 1;

    public override IReadOnlyList<FollowedType> Follows { get; } = [FollowedType.Of<ProjectedCounterGrain>()];

    public override CountState Initial => new(0, 0);

    public override CountState Apply(CountState state, ProjectedEvent @event)
    {
        ApplyClock.Mark(@event.AggregateId, @event.Version);
        return new(state.Events + 1, state.Total + ((Incremented)@event.Event).Amount);
    }
}

/// <summary>Counts <c>bench-bulk</c> events: the cheapest fold, so the rebuild row measures the runtime, not the fold.</summary>
public sealed class BulkProjection : Projection<CountState>
{
    public override string Name => "bench-bulk";

    public override int Version => 1;

    public override IReadOnlyList<FollowedType> Follows { get; } = [FollowedType.Of<BulkCounterGrain>()];

    public override CountState Initial => new(0, 0);

    public override CountState Apply(CountState state, ProjectedEvent @event) =>
        new(state.Events + 1, state.Total + ((Incremented)@event.Event).Amount);
}

/// <summary>The benchmark projections' query: the state, after the projection reflects <c>after</c> (when given).</summary>
public interface ICountProjection : IProjectionGrain
{
    [Alias("Get")]
    Task<CountState> Get(StreamPosition? after);
}

[Alias("bench.ILagProjection")]
public interface ILagProjection : ICountProjection;

[Alias("bench.IBulkProjection")]
public interface IBulkProjection : ICountProjection;

[ImplicitStreamSubscription("bench-projected")]
public sealed class LagProjectionGrain : ProjectionGrain<LagProjection, CountState>, ILagProjection
{
    public async Task<CountState> Get(StreamPosition? after)
    {
        await ReflectAsync(after);
        return State;
    }
}

[ImplicitStreamSubscription("bench-bulk")]
public sealed class BulkProjectionGrain : ProjectionGrain<BulkProjection, CountState>, IBulkProjection
{
    public async Task<CountState> Get(StreamPosition? after)
    {
        await ReflectAsync(after);
        return State;
    }
}
