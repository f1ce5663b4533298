using EventFold.Orleans.Aggregates;

namespace EventFold.Orleans.Tests.Domain;

/// <summary>A fold with the bugs users write: an overflow, a forgotten case, and a state mutated in place.</summary>
public sealed class CounterAggregate : Aggregate<CounterState, CounterCommand, CounterEvent>
{
    /// <summary>Test probe: told whether each <see cref="Noted"/> fold ran on a thread-pool thread (where grain turns run).</summary>
    public static Action<bool>? NoteFolded { get; set; }

    public override CounterState Initial => new();

    public override Decision<CounterEvent> Decide(CounterState state, CounterCommand command) => command switch
    {
        AddAll add => Accept([.. add.Amounts.Select(a => (CounterEvent)new Added(a))]),
        Forget => Accept(new Forgotten()),
        Scribble => ScribbleAndReject(state),
        WriteNotes notes => Accept([.. Enumerable.Range(0, notes.Count).Select(i => (CounterEvent)new Noted(new string((char)('a' + (i % 26)), notes.Size)))]),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command, "Unknown command."),
    };

    // Breaks the rule that a decision is pure, as a careless user might: the grain's view must not change.
    private static Decision<CounterEvent> ScribbleAndReject(CounterState state)
    {
        state.Total = -1;
        state.History.Add(-1);
        return Reject("scribbled", "The decision changed the state it was given.");
    }

    public override CounterState Apply(CounterState state, CounterEvent @event)
    {
        switch (@event)
        {
            case Added added:
                state.Total = checked(state.Total + added.Amount);
                state.History.Add(added.Amount);
                return state;
            case Noted:
                NoteFolded?.Invoke(Thread.CurrentThread.IsThreadPoolThread);
                state.Notes++;
                return state;
            default:
                throw new ArgumentOutOfRangeException(nameof(@event), @event, "Unknown event.");
        }
    }
}
