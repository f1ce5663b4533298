using EventFold.Orleans.Aggregates;

namespace EventFold.Orleans.Testing;

/// <summary>The "given" part of a spec: an aggregate and the events already in its stream. Immutable: each call returns a new spec.</summary>
/// <typeparam name="TState">The aggregate's state.</typeparam>
/// <typeparam name="TCommand">The command base type.</typeparam>
/// <typeparam name="TEvent">The event base type.</typeparam>
public sealed class AggregateSpec<TState, TCommand, TEvent>
    where TEvent : class
{
    private readonly Aggregate<TState, TCommand, TEvent> _aggregate;
    private readonly IReadOnlyList<TEvent> _given;
    private readonly SpecEventJson _json;

    internal AggregateSpec(Aggregate<TState, TCommand, TEvent> aggregate, IReadOnlyList<TEvent> given, SpecEventJson json)
    {
        _aggregate = aggregate;
        _given = given;
        _json = json;
    }

    /// <summary>Adds events to the history, after any given before.</summary>
    /// <param name="events">The events, oldest first.</param>
    /// <returns>A spec with the longer history.</returns>
    public AggregateSpec<TState, TCommand, TEvent> Given(params IEnumerable<TEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var all = _given.Concat(events).ToArray();
        for (var i = _given.Count; i < all.Length; i++)
        {
            if (all[i] is null)
            {
                throw new ArgumentException($"Given event {i} is null.", nameof(events));
            }
        }

        return new AggregateSpec<TState, TCommand, TEvent>(_aggregate, all, _json);
    }

    /// <summary>The state the given events fold into (from the aggregate's <c>Initial</c>).</summary>
    /// <exception cref="AggregateSpecException"><c>Apply</c> threw on a given event.</exception>
    public TState State => Fold(_aggregate.Initial, _given, "given");

    /// <summary>Runs <paramref name="command"/> against the state of the given events; check the outcome with <c>Then...</c>.</summary>
    /// <param name="command">The command.</param>
    /// <returns>The outcome, not checked yet.</returns>
    /// <exception cref="AggregateSpecException"><c>Apply</c> threw on a given event, or <c>Decide</c> threw.</exception>
    public AggregateSpecOutcome<TState, TCommand, TEvent> When(TCommand command)
    {
        var state = State;
        Decision<TEvent> decision;
        try
        {
            decision = _aggregate.Decide(state, command);
        }
        catch (Exception e)
        {
            throw new AggregateSpecException(
                $"{_aggregate.GetType().Name}.Decide threw {e.GetType().Name} for the command {Describe(command)}: {e.Message}", e);
        }

        return new AggregateSpecOutcome<TState, TCommand, TEvent>(this, command, state, decision);
    }

    internal string AggregateName => _aggregate.GetType().Name;

    internal SpecEventJson Json => _json;

    internal string Describe(object? value) => value is null ? "null" : _json.Describe(value);

    /// <summary>Folds <paramref name="events"/> as the runtime does before a write: an event Apply throws on fails the spec, naming it.</summary>
    internal TState Fold(TState state, IReadOnlyList<TEvent> events, string which)
    {
        for (var i = 0; i < events.Count; i++)
        {
            try
            {
                state = _aggregate.Apply(state, events[i]);
            }
            catch (Exception e)
            {
                throw new AggregateSpecException(
                    $"{_aggregate.GetType().Name}.Apply threw {e.GetType().Name} on {which} event [{i}] {Describe(events[i])}: {e.Message}", e);
            }
        }

        return state;
    }
}
