using System.Text.Json.Serialization;
using EventFold.Orleans.Aggregates;
using EventFold.Orleans.Events;
using EventFold.Orleans.Tests.Hosting;
using Orleans.Providers;

namespace EventFold.Orleans.Tests.Provider;

// An aggregate whose state System.Text.Json refuses to serialize (two properties claim one JSON name): saving its
// snapshot throws InvalidOperationException, after the command's events are already on disk.

[GenerateSerializer]
public sealed record CollidingCommand;

[GenerateSerializer]
public abstract record CollidingEvent;

[GenerateSerializer, EventType("colliding-counted")]
public sealed record CollidingCounted : CollidingEvent;

[GenerateSerializer]
public sealed record CollidingState
{
    [Id(0), JsonPropertyName("n")] public int Count { get; init; }

    [Id(1), JsonPropertyName("n")] public int Shadow { get; init; }
}

public sealed class CollidingAggregate : Aggregate<CollidingState, CollidingCommand, CollidingEvent>
{
    public override CollidingState Initial => new();

    public override Decision<CollidingEvent> Decide(CollidingState state, CollidingCommand command) => Accept(new CollidingCounted());

    public override CollidingState Apply(CollidingState state, CollidingEvent @event) => state with { Count = state.Count + 1 };
}

public interface ICollidingAggregate : IAggregateGrain<CollidingState, CollidingCommand, CollidingEvent>;

// Its state is refused by the silo's start-up check (UnstorableMemberException), so it stores through a provider the
// check does not see: this tests what happens past the check (a save failing for any other reason).
[AggregateType("colliding"), LogConsistencyProvider(ProviderName = CheckedProvider.Unchecked)]
public sealed class CollidingGrain : AggregateGrain<CollidingAggregate, CollidingState, CollidingCommand, CollidingEvent>, ICollidingAggregate;
