namespace EventFold.Orleans.Aggregates;

/// <summary>The outcome of <see cref="Aggregate{TState, TCommand, TEvent}.Decide"/>: events to append, or a domain error.</summary>
/// <typeparam name="TEvent">The aggregate's event base type.</typeparam>
public sealed class Decision<TEvent>
    where TEvent : class
{
    private static readonly IReadOnlyList<TEvent> NoEvents = [];

    private Decision(IReadOnlyList<TEvent> events, DomainError? error)
    {
        Events = events;
        Error = error;
    }

    /// <summary>The events to append when the command was accepted; empty when rejected.</summary>
    public IReadOnlyList<TEvent> Events { get; }

    /// <summary>The domain error when the command was rejected; otherwise <see langword="null"/>.</summary>
    public DomainError? Error { get; }

    /// <summary>Whether the command was rejected.</summary>
    public bool IsRejected => Error is not null;

    /// <summary>Accepts the command with the given events (an empty list means "nothing to do").</summary>
    /// <param name="events">The events, in order; none may be null.</param>
    public static Decision<TEvent> Accept(params IReadOnlyList<TEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i] is null)
            {
                throw new ArgumentException($"Event {i} of the decision is null.", nameof(events));
            }
        }

        return new Decision<TEvent>(events.Count == 0 ? NoEvents : events.ToArray(), null);
    }

    /// <summary>Rejects the command.</summary>
    /// <param name="error">The error returned to the caller.</param>
    public static Decision<TEvent> Reject(DomainError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new Decision<TEvent>(NoEvents, error);
    }

    /// <summary>Rejects the command with <paramref name="error"/>.</summary>
    /// <param name="error">The error returned to the caller.</param>
    public static implicit operator Decision<TEvent>(DomainError error) => Reject(error);
}
