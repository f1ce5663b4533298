using EventFold.Orleans.Aggregates;
using EventFold.Orleans.Events;

namespace EventFold.Benchmarks.Cluster;

/// <summary>The benchmark's aggregate: a counter. State, commands and events are as small as a real aggregate's.</summary>
[GenerateSerializer, Alias("bench.CounterState")]
public sealed record CounterState
{
    [Id(0)] public long Total { get; init; }

    [Id(1)] public long Count { get; init; }
}

[GenerateSerializer, Alias("bench.CounterCommand")]
public abstract record CounterCommand;

/// <summary>Adds an amount: one event.</summary>
[GenerateSerializer, Alias("bench.Increment")]
public sealed record Increment([property: Id(0)] long Amount) : CounterCommand;

/// <summary>Adds 1 <paramref name="Times"/> times: one atomic batch of that many events (used to fill a stream fast).</summary>
[GenerateSerializer, Alias("bench.IncrementMany")]
public sealed record IncrementMany([property: Id(0)] int Times) : CounterCommand;

[GenerateSerializer, Alias("bench.CounterEvent")]
public abstract record CounterEvent;

[GenerateSerializer, Alias("bench.Incremented"), EventType("incremented")]
public sealed record Incremented([property: Id(0)] long Amount) : CounterEvent;

public sealed class CounterAggregate : Aggregate<CounterState, CounterCommand, CounterEvent>
{
    public override CounterState Initial => new();

    public override Decision<CounterEvent> Decide(CounterState state, CounterCommand command) => command switch
    {
        Increment { Amount: <= 0 } => Reject("counter.bad-amount", "Increments must be positive."),
        Increment increment => Accept(new Incremented(increment.Amount)),
        IncrementMany many => Accept([.. Enumerable.Range(0, many.Times).Select(_ => (CounterEvent)new Incremented(1))]),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command, "Unknown command."),
    };

    public override CounterState Apply(CounterState state, CounterEvent @event) => @event switch
    {
        Incremented incremented => state with { Total = state.Total + incremented.Amount, Count = state.Count + 1 },
        _ => throw new ArgumentOutOfRangeException(nameof(@event), @event, "Unknown event."),
    };
}
