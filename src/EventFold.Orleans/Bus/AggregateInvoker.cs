using EventFold.Orleans.Aggregates;
using EventFold.Orleans.Commands;

namespace EventFold.Orleans.Bus;

/// <summary>Calls one aggregate type's <c>Execute</c> with an untyped command: made once per aggregate type, so a dispatch uses no reflection.</summary>
internal abstract class AggregateInvoker
{
    /// <summary>An invoker for an aggregate grain of the given state, command base and event base types.</summary>
    public static AggregateInvoker For(Type state, Type commandBase, Type eventBase) =>
        (AggregateInvoker)Activator.CreateInstance(typeof(AggregateInvoker<,,>).MakeGenericType(state, commandBase, eventBase))!;

    /// <summary>Sends <paramref name="command"/> (already checked to be a command of this aggregate) to the grain <paramref name="grainId"/>.</summary>
    public abstract Task<CommandOutcome> ExecuteAsync(IGrainFactory grains, GrainId grainId, object command, CommandContext context, CancellationToken cancellationToken);
}

/// <summary>The typed <see cref="AggregateInvoker"/>.</summary>
internal sealed class AggregateInvoker<TState, TCommand, TEvent> : AggregateInvoker
    where TEvent : class
{
    public override async Task<CommandOutcome> ExecuteAsync(IGrainFactory grains, GrainId grainId, object command, CommandContext context, CancellationToken cancellationToken)
    {
        var grain = grains.GetGrain<IAggregateGrain<TState, TCommand, TEvent>>(grainId);
        var result = await grain.Execute((TCommand)command, context).WaitAsync(cancellationToken).ConfigureAwait(false);
        var events = new object[result.Events.Length];
        Array.Copy(result.Events, events, events.Length);
        return new CommandOutcome
        {
            Error = result.Error,
            Version = result.Version,
            EventCount = result.EventCount,
            WasDuplicate = result.WasDuplicate,
            Events = events,
        };
    }
}
