using EventFold.Orleans.Bus;

namespace EventFold.Orleans.ProcessManagers;

/// <summary>What a process manager's <c>React</c> returns: its next state and the commands to send, in order.</summary>
/// <typeparam name="TState">The manager's state.</typeparam>
/// <param name="State">The state after the event.</param>
/// <param name="Commands">The commands the event causes (none for most events).</param>
public sealed record Reaction<TState>(TState State, IReadOnlyList<CommandEnvelope> Commands);

/// <summary>Shorthands for building a <see cref="Reaction{TState}"/>.</summary>
public static class Reaction
{
    /// <summary>The next state, no command.</summary>
    /// <typeparam name="TState">The manager's state.</typeparam>
    /// <param name="state">The state after the event.</param>
    /// <returns>The reaction.</returns>
    public static Reaction<TState> None<TState>(TState state) => new(state, Array.Empty<CommandEnvelope>());

    /// <summary>The next state and the commands to send.</summary>
    /// <typeparam name="TState">The manager's state.</typeparam>
    /// <param name="state">The state after the event.</param>
    /// <param name="commands">The commands, in order.</param>
    /// <returns>The reaction.</returns>
    public static Reaction<TState> Send<TState>(TState state, params CommandEnvelope[] commands) => new(state, commands);
}
