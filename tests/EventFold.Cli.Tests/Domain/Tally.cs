using EventFold.Orleans.Aggregates;
using EventFold.Orleans.Events;
using EventFold.Orleans.Projections;

namespace EventFold.Cli.Tests.Domain;

[GenerateSerializer]
public sealed record TallyState
{
    [Id(0)] public long Total { get; init; }
    [Id(1)] public int Count { get; init; }
}

[GenerateSerializer]
public abstract record TallyCommand;

/// <summary>One <see cref="Added"/> per amount, all in one batch.</summary>
[GenerateSerializer]
public sealed record AddAll([property: Id(0)] int[] Amounts) : TallyCommand;

[GenerateSerializer]
public abstract record TallyEvent;

[GenerateSerializer, EventType("tally-added")]
public sealed record Added([property: Id(0)] int Amount) : TallyEvent;

/// <summary>The fold refuses an amount of 13: the event `replay` must point at.</summary>
public sealed class TallyAggregate : Aggregate<TallyState, TallyCommand, TallyEvent>
{
    public override TallyState Initial => new();

    public override Decision<TallyEvent> Decide(TallyState state, TallyCommand command) => command switch
    {
        AddAll add => Accept([.. add.Amounts.Select(a => (TallyEvent)new Added(a))]),
        _ => throw new ArgumentOutOfRangeException(nameof(command)),
    };

    public override TallyState Apply(TallyState state, TallyEvent @event) => @event switch
    {
        Added { Amount: 13 } => throw new InvalidOperationException("13 is not a valid amount"),
        Added a => state with { Total = state.Total + a.Amount, Count = state.Count + 1 },
        _ => throw new ArgumentOutOfRangeException(nameof(@event)),
    };
}

public interface ITally : IAggregateGrain<TallyState, TallyCommand, TallyEvent>;

[AggregateType("tally")]
public sealed class TallyGrain : AggregateGrain<TallyAggregate, TallyState, TallyCommand, TallyEvent>, ITally;

/// <summary>Sums every tally; checkpoints after every event so the store always has a fresh checkpoint.</summary>
public sealed class TallyTotalsProjection : Projection<long>
{
    public override string Name => "tally-totals";

    public override int Version => 1;

    public override IReadOnlyList<FollowedType> Follows { get; } = [FollowedType.Of<TallyGrain>()];

    public override long Initial => 0;

    public override int CheckpointEveryEvents => 1;

    public override long Apply(long state, ProjectedEvent e) => e.Event is Added a ? state + a.Amount : state;
}

public interface ITallyTotals : IProjectionGrain
{
    Task<long> Total();
}

[ImplicitStreamSubscription("tally")]
public sealed class TallyTotalsGrain : ProjectionGrain<TallyTotalsProjection, long>, ITallyTotals
{
    public Task<long> Total() => Task.FromResult(State);
}
