using EventFold.Orleans.Aggregates;
using EventFold.Orleans.Bus;
using EventFold.Orleans.Events;
using EventFold.Orleans.ProcessManagers;
using EventFold.Orleans.Projections;

namespace EventFold.Orleans.Tests.ProcessManagers.Domain;

/// <summary>Emits many ticks in one command: the burst of triggering events.</summary>
public sealed class TickerAggregate : Aggregate<long, TickerCommand, TickerEvent>
{
    public override long Initial => 0;

    public override Decision<TickerEvent> Decide(long state, TickerCommand command) => command switch
    {
        EmitTicks emit => Accept([.. Enumerable.Range(0, emit.Count).Select(i => (TickerEvent)new Ticked(emit.Sink, i))]),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command, "Unknown command."),
    };

    public override long Apply(long state, TickerEvent @event) => state + 1;
}

[GenerateSerializer]
public abstract record TickerCommand;

[GenerateSerializer]
public sealed record EmitTicks([property: Id(0)] string Sink, [property: Id(1)] int Count) : TickerCommand;

[GenerateSerializer]
public abstract record TickerEvent;

[GenerateSerializer, EventType("ticked")]
public sealed record Ticked([property: Id(0)] string Sink, [property: Id(1)] int Index) : TickerEvent;

public interface ITicker : IAggregateGrain<long, TickerCommand, TickerEvent>;

[AggregateType("saga-ticker")]
public sealed class TickerGrain : AggregateGrain<TickerAggregate, long, TickerCommand, TickerEvent>, ITicker;

/// <summary>Counts what it is told to count.</summary>
public sealed class SinkAggregate : Aggregate<long, SinkCommand, SinkEvent>
{
    public override long Initial => 0;

    public override Decision<SinkEvent> Decide(long state, SinkCommand command) => Accept(new Counted());

    public override long Apply(long state, SinkEvent @event) => state + 1;
}

[GenerateSerializer]
public abstract record SinkCommand;

[GenerateSerializer]
public sealed record CountTick : SinkCommand;

[GenerateSerializer]
public abstract record SinkEvent;

[GenerateSerializer, EventType("counted")]
public sealed record Counted : SinkEvent;

public interface ISink : IAggregateGrain<long, SinkCommand, SinkEvent>;

[AggregateType("saga-sink")]
public sealed class SinkGrain : AggregateGrain<SinkAggregate, long, SinkCommand, SinkEvent>, ISink;

/// <summary>One sink command per tick, spread over 50 sinks so many can be in flight at once.</summary>
public sealed class TickRelay : ProcessManager<long>
{
    public override string Name => "tick-relay";

    public override int Version => 1;

    public override IReadOnlyList<FollowedType> Follows { get; } = [FollowedType.Of<TickerGrain>()];

    public override long Initial => 0;

    public override Reaction<long> React(long state, ProjectedEvent @event) => @event.Event switch
    {
        Ticked tick => Reaction.Send(state + 1, new CommandEnvelope
        {
            AggregateType = "saga-sink",
            AggregateId = $"{tick.Sink}-{tick.Index % 50}",
            Command = new CountTick(),
        }),
        _ => Reaction.None(state),
    };
}

public interface ITickRelay : IProcessManagerGrain;

[ImplicitStreamSubscription("saga-ticker")]
public sealed class TickRelayGrain : ProcessManagerGrain<TickRelay, long>, ITickRelay;
