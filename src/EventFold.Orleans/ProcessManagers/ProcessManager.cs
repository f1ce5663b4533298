using EventFold.Orleans.Bus;
using EventFold.Orleans.Commands;
using EventFold.Orleans.Projections;

namespace EventFold.Orleans.ProcessManagers;

/// <summary>
/// A process manager (saga): follows the streams of one or more aggregate types and reacts to their events with
/// commands. A stable name, the followed types, a version, an initial state and a pure <see cref="React"/>. Testable
/// with no Orleans: call <see cref="Handle"/> (what the runtime calls) or <see cref="React"/> directly.
/// </summary>
/// <typeparam name="TState">The manager's state; it is checkpointed as JSON with the store's serializer options.</typeparam>
/// <remarks>
/// <para><see cref="React"/> must be pure and deterministic: after a crash the runtime reacts again, from the last
/// checkpoint's state, to the events after it, and must emit the same commands, which then carry the same
/// <see cref="CommandContext.CommandId"/>s and are recognised as duplicates by their targets (exactly-once in effect).</para>
/// <para>Events of one stream arrive in order; streams interleave in no particular order. Change <see cref="Version"/>
/// when <typeparamref name="TState"/> changes meaning: a checkpoint of another version is discarded and the manager reacts
/// again to every stored event, its targets deduplicating what they already applied (within their idempotency window).</para>
/// </remarks>
public abstract class ProcessManager<TState>
{
    /// <summary>The stable name, its folder under <c>&lt;base&gt;/process-managers/</c>; must match <c>^[a-z0-9][a-z0-9_-]{0,63}$</c>.</summary>
    public abstract string Name { get; }

    /// <summary>The version of the state's meaning; a checkpoint of another version is discarded.</summary>
    public abstract int Version { get; }

    /// <summary>The aggregate types this manager reacts to, e.g. <c>[FollowedType.Of&lt;OrderGrain&gt;()]</c>.</summary>
    public abstract IReadOnlyList<FollowedType> Follows { get; }

    /// <summary>The state before any event.</summary>
    public abstract TState Initial { get; }

    /// <summary>Reacts to one event: the next state and the commands to send (none for most events).</summary>
    /// <param name="state">The state before the event.</param>
    /// <param name="event">The event with its stream, version and metadata.</param>
    /// <returns>The state after the event and the commands it causes, in order.</returns>
    /// <remarks>Throwing stops this manager on this event's stream (retried with backoff, like a projection's <c>Apply</c>).</remarks>
    public abstract Reaction<TState> React(TState state, ProjectedEvent @event);

    /// <summary>Save the checkpoint after this many events (default 1,000); 0 saves only on the timer and on deactivation.</summary>
    public virtual int CheckpointEveryEvents => 1000;

    /// <summary>Save the checkpoint this often while there are unsaved events (default 5 s).</summary>
    public virtual TimeSpan CheckpointInterval => TimeSpan.FromSeconds(5);

    /// <summary>How often a <see cref="React"/> that throws is tried on one event before that stream is stopped (default 5).</summary>
    public virtual int MaxReactAttempts => 5;

    /// <summary>
    /// What the runtime calls: <see cref="React"/>, then each envelope's context completed from the triggering event:
    /// <see cref="CommandContext.CommandId"/> (unless set) from <see cref="CommandIdFor"/>, correlation id (unless set)
    /// from the event's correlation id or else its event id, causation id (unless set) from the event id, and the actor
    /// (unless set) <c>process-manager/&lt;name&gt;</c>.
    /// </summary>
    /// <param name="state">The state before the event.</param>
    /// <param name="event">The event.</param>
    /// <returns>The reaction with completed envelopes.</returns>
    /// <exception cref="InvalidOperationException"><see cref="React"/> returned <see langword="null"/> or a <see langword="null"/> envelope.</exception>
    public Reaction<TState> Handle(TState state, ProjectedEvent @event)
    {
        ArgumentNullException.ThrowIfNull(@event);
        var reaction = React(state, @event)
            ?? throw new InvalidOperationException($"The process manager {GetType().FullName} returned no Reaction for {@event.Position}; return Reaction.None(state) when nothing is sent.");
        if (reaction.Commands.Count == 0)
        {
            return reaction;
        }

        var stamped = new CommandEnvelope[reaction.Commands.Count];
        for (var i = 0; i < stamped.Length; i++)
        {
            var envelope = reaction.Commands[i]
                ?? throw new InvalidOperationException($"The process manager {GetType().FullName} returned a null command envelope (index {i}) for {@event.Position}.");
            var context = envelope.Context ?? CommandContext.None;
            stamped[i] = envelope with
            {
                Context = context with
                {
                    CommandId = context.CommandId ?? CommandIdFor(Name, @event.AggregateType, @event.AggregateId, @event.Version, i),
                    CorrelationId = context.CorrelationId ?? @event.CorrelationId ?? @event.EventId,
                    CausationId = context.CausationId ?? @event.EventId,
                    Actor = context.Actor ?? $"process-manager/{Name}",
                },
            };
        }

        return reaction with { Commands = stamped };
    }

    /// <summary>
    /// The deterministic command id of the <paramref name="index"/>-th command caused by one event:
    /// <c>pm/&lt;manager&gt;/&lt;aggregate type&gt;/&lt;version&gt;/&lt;index&gt;/&lt;aggregate id&gt;</c>. The same event always
    /// gives the same ids, also after a crash and restart.
    /// </summary>
    /// <param name="manager">The process manager's name.</param>
    /// <param name="aggregateType">The triggering event's aggregate type.</param>
    /// <param name="aggregateId">The triggering event's aggregate id.</param>
    /// <param name="version">The triggering event's stream version.</param>
    /// <param name="index">The command's index among the event's commands.</param>
    /// <returns>The command id.</returns>
    public static string CommandIdFor(string manager, string aggregateType, string aggregateId, long version, int index) =>
        // The id goes last: names and numbers cannot contain '/', so the id may contain anything.
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"pm/{manager}/{aggregateType}/{version}/{index}/{aggregateId}");
}
