namespace EventFold.Orleans.Aggregates;

/// <summary>
/// The pure domain logic of one aggregate type: an initial state, a decision (state + command → events or a
/// domain error) and a fold (state + event → state).
/// </summary>
/// <typeparam name="TState">The aggregate's state; preferably an immutable record.</typeparam>
/// <typeparam name="TCommand">The base type of the commands the aggregate accepts.</typeparam>
/// <typeparam name="TEvent">The base type of the events the aggregate produces.</typeparam>
/// <remarks>
/// Implementations must be stateless and deterministic: no I/O, no clock, no Orleans. They are testable by
/// calling <see cref="Decide"/> and <see cref="Apply"/> directly. An event that <see cref="Apply"/> does not
/// know should throw: a silently skipped event would leave the state wrong.
/// </remarks>
public abstract class Aggregate<TState, TCommand, TEvent>
    where TEvent : class
{
    /// <summary>The state of an aggregate that has no events yet.</summary>
    public abstract TState Initial { get; }

    /// <summary>Decides what a command means for the current state.</summary>
    /// <param name="state">The confirmed state.</param>
    /// <param name="command">The command to handle.</param>
    /// <returns>The events to append (possibly none), or a domain error.</returns>
    public abstract Decision<TEvent> Decide(TState state, TCommand command);

    /// <summary>Folds one event into the state.</summary>
    /// <param name="state">The state before the event.</param>
    /// <param name="event">The event.</param>
    /// <returns>The state after the event.</returns>
    public abstract TState Apply(TState state, TEvent @event);

    /// <summary>Accepts the command, producing the given events (none is allowed).</summary>
    /// <param name="events">The events, in order.</param>
    protected static Decision<TEvent> Accept(params TEvent[] events) => Decision<TEvent>.Accept(events);

    /// <summary>Rejects the command with a domain error.</summary>
    /// <param name="error">The error the caller receives.</param>
    protected static Decision<TEvent> Reject(DomainError error) => Decision<TEvent>.Reject(error);

    /// <summary>Rejects the command with a domain error made of a code and a message.</summary>
    /// <param name="code">A stable, machine-readable code, e.g. <c>order.already-shipped</c>.</param>
    /// <param name="message">A human-readable explanation.</param>
    protected static Decision<TEvent> Reject(string code, string message) => Decision<TEvent>.Reject(new DomainError(code, message));

    /// <summary>Folds a sequence of events into <see cref="Initial"/>; handy in tests.</summary>
    /// <param name="events">The events, oldest first.</param>
    public TState Replay(IEnumerable<TEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var state = Initial;
        foreach (var e in events)
        {
            state = Apply(state, e);
        }

        return state;
    }
}
