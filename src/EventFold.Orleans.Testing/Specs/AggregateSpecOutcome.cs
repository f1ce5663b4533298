using EventFold.Orleans.Aggregates;

namespace EventFold.Orleans.Testing;

/// <summary>The "then" part of a spec: what the aggregate decided for the command, to check with <see cref="Then"/> or <see cref="ThenRejected"/>.</summary>
/// <typeparam name="TState">The aggregate's state.</typeparam>
/// <typeparam name="TCommand">The command base type.</typeparam>
/// <typeparam name="TEvent">The event base type.</typeparam>
public sealed class AggregateSpecOutcome<TState, TCommand, TEvent>
    where TEvent : class
{
    private readonly AggregateSpec<TState, TCommand, TEvent> _spec;
    private readonly TCommand _command;
    private readonly TState _before;

    internal AggregateSpecOutcome(AggregateSpec<TState, TCommand, TEvent> spec, TCommand command, TState before, Decision<TEvent> decision)
    {
        _spec = spec;
        _command = command;
        _before = before;
        Decision = decision;
    }

    /// <summary>The decision as the aggregate returned it, for checks of your own.</summary>
    public Decision<TEvent> Decision { get; }

    /// <summary>
    /// Checks that the command was accepted with exactly <paramref name="expected"/> (same types, same JSON, same order), and
    /// that they fold without error (the runtime folds them before it writes).
    /// </summary>
    /// <param name="expected">The expected events; none for "accepted, nothing to do".</param>
    /// <returns>The state after the new events.</returns>
    /// <exception cref="AggregateSpecException">The command was rejected, or the events differ (the message shows both lists as JSON and the first differing index), or <c>Apply</c> threw on one.</exception>
    public TState Then(params IEnumerable<TEvent> expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        var wanted = expected.Select(e => _spec.Describe(e)).ToList();
        if (Decision.Error is { } error)
        {
            throw new AggregateSpecException(
                $"{Header()}{Environment.NewLine}Expected the command to be accepted with these events:{Environment.NewLine}{SpecEventJson.List(wanted)}" +
                $"{Environment.NewLine}but it was rejected: {DescribeError(error)}");
        }

        var actual = Decision.Events.Select(e => _spec.Describe(e)).ToList();
        var expectedEvents = expected.ToList();
        var differs = FirstDifference(expectedEvents, wanted, actual);
        if (differs is { } index)
        {
            var what = wanted.Count != actual.Count
                ? $"Expected {wanted.Count} event(s) but the command produced {actual.Count}; the first difference is at index {index}."
                : $"The events differ at index {index}:{Environment.NewLine}  expected [{index}] {wanted[index]}{Environment.NewLine}  actual   [{index}] {actual[index]}";
            throw new AggregateSpecException(
                $"{Header()}{Environment.NewLine}{what}{Environment.NewLine}Expected:{Environment.NewLine}{SpecEventJson.List(wanted)}" +
                $"{Environment.NewLine}Actual:{Environment.NewLine}{SpecEventJson.List(actual)}");
        }

        return _spec.Fold(_before, Decision.Events, "new");
    }

    /// <summary>Checks that the command was rejected with the domain error code <paramref name="code"/>.</summary>
    /// <param name="code">The expected <see cref="DomainError.Code"/>.</param>
    /// <returns>The domain error, to check its message or typed details.</returns>
    /// <exception cref="AggregateSpecException">The command was accepted (the message lists its events as JSON) or rejected with another code.</exception>
    public DomainError ThenRejected(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        if (Decision.Error is not { } error)
        {
            var actual = Decision.Events.Select(e => _spec.Describe(e)).ToList();
            throw new AggregateSpecException(
                $"{Header()}{Environment.NewLine}Expected the command to be rejected with \"{code}\" but it was accepted with these events:" +
                $"{Environment.NewLine}{SpecEventJson.List(actual)}");
        }

        if (!string.Equals(error.Code, code, StringComparison.Ordinal))
        {
            throw new AggregateSpecException(
                $"{Header()}{Environment.NewLine}Expected the command to be rejected with \"{code}\" but it was rejected with {DescribeError(error)}");
        }

        return error;
    }

    private string Header() => $"Spec of {_spec.AggregateName} failed for the command {_spec.Describe(_command)}.";

    private string DescribeError(DomainError error) =>
        $"\"{error.Code}\" ({error.Message}){(error.GetType() == typeof(DomainError) ? "" : " " + _spec.Describe(error))}";

    /// <summary>The first index where the type or the JSON differs, or where one list ends; null when equal.</summary>
    private int? FirstDifference(List<TEvent> expected, List<string> wanted, List<string> actual)
    {
        var common = Math.Min(wanted.Count, actual.Count);
        for (var i = 0; i < common; i++)
        {
            // Equal JSON with different CLR types would be stored under a different event type name: a difference.
            if (expected[i].GetType() != Decision.Events[i].GetType() || !string.Equals(wanted[i], actual[i], StringComparison.Ordinal))
            {
                return i;
            }
        }

        return wanted.Count == actual.Count ? null : common;
    }
}
