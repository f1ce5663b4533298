using System.Text.Json;
using EventFold.Orleans.Aggregates;

namespace EventFold.Orleans.Testing;

/// <summary>
/// Given/when/then for a pure <see cref="Aggregate{TState, TCommand, TEvent}"/>, without Orleans:
/// <c>Spec.For(new OrderAggregate()).Given(new OrderPlaced("Ada")).When(new ShipOrder()).ThenRejected("order.empty");</c>
/// </summary>
/// <remarks>A failing spec throws <see cref="AggregateSpecException"/>, which every test framework reports as a failure.</remarks>
public static class Spec
{
    /// <summary>Starts a spec for <paramref name="aggregate"/> with no events yet; events are compared as the store writes them (its default JSON options).</summary>
    /// <typeparam name="TState">The aggregate's state.</typeparam>
    /// <typeparam name="TCommand">The command base type.</typeparam>
    /// <typeparam name="TEvent">The event base type.</typeparam>
    /// <param name="aggregate">The aggregate under test, e.g. <c>new OrderAggregate()</c>.</param>
    /// <returns>The spec, to add <c>Given</c> events to or to run a command with <c>When</c>.</returns>
    public static AggregateSpec<TState, TCommand, TEvent> For<TState, TCommand, TEvent>(Aggregate<TState, TCommand, TEvent> aggregate)
        where TEvent : class =>
        For(aggregate, null);

    /// <summary>Starts a spec for <paramref name="aggregate"/> whose events are compared as JSON written with <paramref name="json"/>.</summary>
    /// <typeparam name="TState">The aggregate's state.</typeparam>
    /// <typeparam name="TCommand">The command base type.</typeparam>
    /// <typeparam name="TEvent">The event base type.</typeparam>
    /// <param name="aggregate">The aggregate under test.</param>
    /// <param name="json">
    /// The app's <c>EventFoldOptions.JsonSerializerOptions</c>, when it changes them; <see langword="null"/> for the store's
    /// default. Public fields are included either way, as the store does.
    /// </param>
    /// <returns>The spec.</returns>
    public static AggregateSpec<TState, TCommand, TEvent> For<TState, TCommand, TEvent>(Aggregate<TState, TCommand, TEvent> aggregate, JsonSerializerOptions? json)
        where TEvent : class
    {
        ArgumentNullException.ThrowIfNull(aggregate);
        return new AggregateSpec<TState, TCommand, TEvent>(aggregate, [], new SpecEventJson(json));
    }
}
