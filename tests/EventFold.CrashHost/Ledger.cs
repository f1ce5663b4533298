using EventFold.Orleans.Aggregates;
using EventFold.Orleans.Events;

namespace EventFold.CrashHost;

// The crash test's domain. Every event records where the aggregate believed it was (Seq = number of events before it),
// and which part of its command's batch it is (Index of Of): a checker reading the files can then tell a lost, duplicated,
// partial or reordered batch, and a state restored wrongly from a snapshot (Seq would not match the event's position).

[GenerateSerializer, Alias("crash.LedgerCommand")]
public abstract record LedgerCommand;

/// <summary>Appends <paramref name="Count"/> (1-3) events as one batch.</summary>
[GenerateSerializer, Alias("crash.Post")]
public sealed record Post([property: Id(0)] int Count) : LedgerCommand;

[GenerateSerializer, Alias("crash.LedgerEvent")]
public abstract record LedgerEvent;

[GenerateSerializer, Alias("crash.Posted"), EventType("posted")]
public sealed record Posted([property: Id(0)] long Seq, [property: Id(1)] int Index, [property: Id(2)] int Of) : LedgerEvent;

[GenerateSerializer, Alias("crash.LedgerState")]
public sealed record LedgerState
{
    /// <summary>How many events the aggregate has folded.</summary>
    [Id(0)] public long Events { get; init; }
}

public sealed class LedgerAggregate : Aggregate<LedgerState, LedgerCommand, LedgerEvent>
{
    public override LedgerState Initial => new();

    public override Decision<LedgerEvent> Decide(LedgerState state, LedgerCommand command) => command switch
    {
        Post { Count: < 1 or > 3 } => Reject("ledger.bad-count", "A post appends 1 to 3 events."),
        Post post => Accept([.. Enumerable.Range(0, post.Count).Select(i => (LedgerEvent)new Posted(state.Events + i, i, post.Count))]),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command, "Unknown command."),
    };

    public override LedgerState Apply(LedgerState state, LedgerEvent @event) => @event switch
    {
        Posted posted when posted.Seq != state.Events =>
            throw new InvalidOperationException($"Event with seq {posted.Seq} folded at position {state.Events}."),
        Posted => state with { Events = state.Events + 1 },
        _ => throw new ArgumentOutOfRangeException(nameof(@event), @event, "Unknown event."),
    };
}

[Alias("crash.ILedgerAggregate")]
public interface ILedgerAggregate : IAggregateGrain<LedgerState, LedgerCommand, LedgerEvent>;

[AggregateType("ledger")]
public sealed class LedgerGrain : AggregateGrain<LedgerAggregate, LedgerState, LedgerCommand, LedgerEvent>, ILedgerAggregate;
