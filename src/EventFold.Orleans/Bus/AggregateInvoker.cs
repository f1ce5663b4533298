using EventFold.Orleans.Aggregates;
using EventFold.Orleans.Commands;
using Orleans.Metadata;

namespace EventFold.Orleans.Bus;

/// <summary>Calls one aggregate type's <c>Execute</c> with an untyped command: made once per aggregate type, so a dispatch uses no reflection.</summary>
internal abstract class AggregateInvoker
{
    /// <summary>An invoker for an aggregate grain of the given state, command base and event base types.</summary>
    public static AggregateInvoker For(Type state, Type commandBase, Type eventBase, GrainInterfaceTypeResolver interfaces)
    {
        var type = typeof(AggregateInvoker<,,>).MakeGenericType(state, commandBase, eventBase);
        var grainInterface = interfaces.GetGrainInterfaceType(typeof(IAggregateGrain<,,>).MakeGenericType(state, commandBase, eventBase));
        return (AggregateInvoker)Activator.CreateInstance(type, grainInterface)!;
    }

    /// <summary>Sends <paramref name="command"/> (already checked to be a command of this aggregate) to the grain <paramref name="grainId"/>.</summary>
    public abstract Task<CommandOutcome> ExecuteAsync(IGrainFactory grains, GrainId grainId, object command, CommandContext context, CancellationToken cancellationToken);
}

/// <summary>The typed <see cref="AggregateInvoker"/>.</summary>
/// <param name="grainInterface">
/// The Orleans name of <c>IAggregateGrain&lt;TState, TCommand, TEvent&gt;</c>, resolved once: Orleans formats it anew (generic
/// arguments included) on every <c>GetGrain&lt;T&gt;</c> of a generic interface, which cost tens of microseconds per dispatch.
/// </param>
internal sealed class AggregateInvoker<TState, TCommand, TEvent>(GrainInterfaceType grainInterface) : AggregateInvoker
    where TEvent : class
{
    public override async Task<CommandOutcome> ExecuteAsync(IGrainFactory grains, GrainId grainId, object command, CommandContext context, CancellationToken cancellationToken)
    {
        var grain = (IAggregateGrain<TState, TCommand, TEvent>)grains.GetGrain(grainId, grainInterface);
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
