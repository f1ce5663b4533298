namespace EventFold.Orleans.Projections;

/// <summary>
/// A read model over the streams of one or more aggregate types: a stable name, the followed types, a version, an
/// initial state and a pure fold. Testable with no Orleans: call <see cref="Apply"/> directly.
/// </summary>
/// <typeparam name="TState">The read model; it is checkpointed as JSON with the store's serializer options.</typeparam>
/// <remarks>
/// <para><see cref="Apply"/> must be pure and deterministic: the runtime may fold an event again after a rebuild, and a
/// restart must end in the state a full rebuild gives. Events of one stream arrive in order; streams interleave in no
/// particular order.</para>
/// <para>Change <see cref="Version"/> whenever <see cref="Apply"/> or <typeparamref name="TState"/> changes meaning: the
/// checkpoint of another version is discarded and the projection rebuilds from the streams.</para>
/// </remarks>
public abstract class Projection<TState>
{
    /// <summary>The stable name, its folder under <c>&lt;base&gt;/projections/</c>; must match <c>^[a-z0-9][a-z0-9_-]{0,63}$</c>.</summary>
    public abstract string Name { get; }

    /// <summary>The version of the fold; a checkpoint of another version is rebuilt from scratch.</summary>
    public abstract int Version { get; }

    /// <summary>The aggregate types this projection reads, e.g. <c>[FollowedType.Of&lt;OrderGrain&gt;()]</c>.</summary>
    public abstract IReadOnlyList<FollowedType> Follows { get; }

    /// <summary>The state before any event.</summary>
    public abstract TState Initial { get; }

    /// <summary>Folds one event into the state.</summary>
    /// <param name="state">The state before the event.</param>
    /// <param name="event">The event with its stream, version and metadata.</param>
    /// <returns>The state after the event. Throwing stops this projection on this event's stream only (retried with backoff).</returns>
    public abstract TState Apply(TState state, ProjectedEvent @event);

    /// <summary>Checkpoint after this many applied events (default 1,000); 0 checkpoints only on the timer and on deactivation.</summary>
    public virtual int CheckpointEveryEvents => 1000;

    /// <summary>Checkpoint this often while there are unsaved events (default 5 s).</summary>
    public virtual TimeSpan CheckpointInterval => TimeSpan.FromSeconds(5);

    /// <summary>How often an <see cref="Apply"/> that throws is tried on one event before that stream is stopped (default 5).</summary>
    public virtual int MaxApplyAttempts => 5;

    /// <summary>Folds a sequence of events into <see cref="Initial"/>; handy in tests.</summary>
    /// <param name="events">The events in order.</param>
    /// <returns>The final state.</returns>
    public TState Replay(IEnumerable<ProjectedEvent> events)
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
