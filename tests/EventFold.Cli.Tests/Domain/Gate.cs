using EventFold.Orleans.Aggregates;
using EventFold.Orleans.Bus;
using EventFold.Orleans.Commands;
using EventFold.Orleans.Events;
using EventFold.Orleans.ProcessManagers;
using EventFold.Orleans.Projections;

namespace EventFold.Cli.Tests.Domain;

[GenerateSerializer]
public sealed record GateState
{
    [Id(0)] public int Passes { get; init; }

    [Id(1)] public bool Open { get; init; }
}

[GenerateSerializer]
public abstract record GateCommand;

[GenerateSerializer, CommandType("gate-pass")]
public sealed record PassGate([property: Id(0)] string Visitor) : GateCommand;

/// <summary>What an operator does to fix the cause of the gatekeeper's dead letters before replaying them.</summary>
[GenerateSerializer, CommandType("gate-open")]
public sealed record OpenGate : GateCommand;

[GenerateSerializer]
public abstract record GateEvent;

[GenerateSerializer, EventType("gate-passed")]
public sealed record GatePassed([property: Id(0)] string Visitor) : GateEvent;

[GenerateSerializer, EventType("gate-opened")]
public sealed record GateOpened : GateEvent;

/// <summary>A gate that is closed until opened: every pass the gatekeeper sends before that becomes a dead letter.</summary>
public sealed class GateAggregate : Aggregate<GateState, GateCommand, GateEvent>
{
    public override GateState Initial => new();

    public override Decision<GateEvent> Decide(GateState state, GateCommand command) => command switch
    {
        OpenGate => Accept(new GateOpened()),
        PassGate pass when state.Open => Accept(new GatePassed(pass.Visitor)),
        _ => Reject("gate.closed", "The gate is closed."),
    };

    public override GateState Apply(GateState state, GateEvent @event) => @event switch
    {
        GateOpened => state with { Open = true },
        _ => state with { Passes = state.Passes + 1 },
    };
}

public interface IGate : IAggregateGrain<GateState, GateCommand, GateEvent>;

[AggregateType("cli-gate")]
public sealed class GateGrain : AggregateGrain<GateAggregate, GateState, GateCommand, GateEvent>, IGate;

[GenerateSerializer]
public sealed record VisitorState
{
    [Id(0)] public int Requests { get; init; }
}

[GenerateSerializer]
public abstract record VisitorCommand;

[GenerateSerializer]
public sealed record AskToPass([property: Id(0)] string Gate) : VisitorCommand;

[GenerateSerializer]
public abstract record VisitorEvent;

[GenerateSerializer, EventType("pass-requested")]
public sealed record PassRequested([property: Id(0)] string Gate) : VisitorEvent;

/// <summary>A visitor asking to pass a gate: what the gatekeeper reacts to.</summary>
public sealed class VisitorAggregate : Aggregate<VisitorState, VisitorCommand, VisitorEvent>
{
    public override VisitorState Initial => new();

    public override Decision<VisitorEvent> Decide(VisitorState state, VisitorCommand command) => command switch
    {
        AskToPass ask => Accept(new PassRequested(ask.Gate)),
        _ => throw new ArgumentOutOfRangeException(nameof(command)),
    };

    public override VisitorState Apply(VisitorState state, VisitorEvent @event) => state with { Requests = state.Requests + 1 };
}

public interface IVisitor : IAggregateGrain<VisitorState, VisitorCommand, VisitorEvent>;

[AggregateType("cli-visitor")]
public sealed class VisitorGrain : AggregateGrain<VisitorAggregate, VisitorState, VisitorCommand, VisitorEvent>, IVisitor;

/// <summary>Sends every visitor's pass request to its gate; checkpoints after every event.</summary>
public sealed class Gatekeeper : ProcessManager<long>
{
    public override string Name => "gatekeeper";

    public override int Version => 1;

    public override IReadOnlyList<FollowedType> Follows { get; } = [FollowedType.Of<VisitorGrain>()];

    public override long Initial => 0;

    public override int CheckpointEveryEvents => 1;

    public override Reaction<long> React(long state, ProjectedEvent @event) => @event.Event switch
    {
        PassRequested requested => Reaction.Send(state + 1, new CommandEnvelope
        {
            AggregateType = "cli-gate",
            AggregateId = requested.Gate,
            Command = new PassGate(@event.AggregateId),
        }),
        _ => Reaction.None(state),
    };
}

public interface IGatekeeper : IProcessManagerGrain;

[ImplicitStreamSubscription("cli-visitor")]
public sealed class GatekeeperGrain : ProcessManagerGrain<Gatekeeper, long>, IGatekeeper;
