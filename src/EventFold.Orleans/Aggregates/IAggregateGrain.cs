using EventFold.Orleans.Commands;
using Orleans.Concurrency;

namespace EventFold.Orleans.Aggregates;

/// <summary>
/// The API of an aggregate grain. Derive the app's grain interface from it, e.g.
/// <c>public interface IOrderAggregate : IAggregateGrain&lt;OrderState, OrderCommand, OrderEvent&gt; { }</c>.
/// </summary>
/// <typeparam name="TState">The aggregate's state.</typeparam>
/// <typeparam name="TCommand">The command base type.</typeparam>
/// <typeparam name="TEvent">The event base type.</typeparam>
public interface IAggregateGrain<TState, TCommand, TEvent> : IGrainWithStringKey
    where TEvent : class
{
    /// <summary>
    /// Decides the command against the aggregate's state (including commands still being written) and appends its
    /// events as one atomic batch, acknowledged per its durability (<see cref="CommandContext.Durability"/>).
    /// </summary>
    /// <param name="command">The command.</param>
    /// <param name="context">Actor, ids and metadata written into every event; <see cref="CommandContext.None"/> for none.</param>
    /// <returns>The produced events and new version, or the domain error (then nothing was written).</returns>
    /// <remarks>
    /// <para>A command whose <see cref="CommandContext.CommandId"/> was already applied returns the original result with
    /// <see cref="CommandResult{TEvent}.WasDuplicate"/> set and appends nothing; the same id with a different command
    /// throws <see cref="CommandIdReusedException"/>. A <see cref="CommandContext.ExpectedVersion"/> the stream is not at
    /// throws <see cref="ExpectedVersionMismatchException"/> (a duplicate is recognised before that check).</para>
    /// <para>Before anything is written, the events are folded on a copy of the state (an event <c>Apply</c> throws on:
    /// <see cref="AggregateFoldException"/>) and measured (more JSON than <c>EventFoldOptions.MaxCommandBytes</c>:
    /// <see cref="CommandTooLargeException"/>). A failed write throws <see cref="AggregateWriteException"/>. In each of
    /// these cases nothing of the command is on disk.</para>
    /// <para>The result echoes the events only up to <c>EventFoldOptions.MaxResultEventBytes</c> of JSON; beyond it
    /// <see cref="CommandResult{TEvent}.EventsOmitted"/> is set and <see cref="CommandResult{TEvent}.EventCount"/> says how
    /// many were written, so that the result always fits in an Orleans response.</para>
    /// </remarks>
    /// <remarks>
    /// Interleaves with other calls of the same aggregate, so that commands waiting together share one write and one flush.
    /// </remarks>
    [AlwaysInterleave]
    Task<CommandResult<TEvent>> Execute(TCommand command, CommandContext context);

    /// <summary>The confirmed state.</summary>
    [AlwaysInterleave]
    Task<TState> GetState();

    /// <summary>The confirmed state and the version it reflects.</summary>
    [AlwaysInterleave]
    Task<VersionedState<TState>> GetVersionedState();
}
