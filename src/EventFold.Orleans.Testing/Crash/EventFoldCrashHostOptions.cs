using EventFold.Orleans.Aggregates;
using EventFold.Orleans.Commands;
using EventFold.Orleans.Hosting;

namespace EventFold.Orleans.Testing;

/// <summary>What the app's crash host project sets up: its store options, silo additions, and the commands to run.</summary>
public sealed class EventFoldCrashHostOptions
{
    /// <summary>Adjusts the store options (<see cref="EventFoldOptions.BaseDirectory"/> is set by the crash test).</summary>
    public Action<EventFoldOptions>? Store { get; set; }

    /// <summary>Adds to the silo: services of the app, grain classes to leave out.</summary>
    public Action<ISiloBuilder>? Silo { get; set; }

    /// <summary>Runs one command; set by <see cref="Commands{TGrain, TState, TCommand, TEvent}"/>.</summary>
    internal Func<IGrainFactory, CrashCommandRequest, Task<CrashCommandOutcome>>? Execute { get; private set; }

    /// <summary>The load: commands made by <paramref name="next"/>, sent to <typeparamref name="TGrain"/> aggregates with their command id.</summary>
    /// <typeparam name="TGrain">The app's aggregate grain interface, e.g. <c>IOrderAggregate</c>.</typeparam>
    /// <typeparam name="TState">Its state.</typeparam>
    /// <typeparam name="TCommand">Its command base type.</typeparam>
    /// <typeparam name="TEvent">Its event base type.</typeparam>
    /// <param name="next">Makes the command for a request, deterministically from <see cref="CrashCommandRequest.Random"/>. A domain rejection is fine (it is checked that nothing was written).</param>
    /// <returns>These options.</returns>
    public EventFoldCrashHostOptions Commands<TGrain, TState, TCommand, TEvent>(Func<CrashCommandRequest, TCommand> next)
        where TGrain : IAggregateGrain<TState, TCommand, TEvent>
        where TEvent : class
    {
        ArgumentNullException.ThrowIfNull(next);
        Execute = async (grains, request) =>
        {
            var result = await grains.GetGrain<TGrain>(request.AggregateId)
                .Execute(next(request), new CommandContext { CommandId = request.CommandId }).ConfigureAwait(false);
            return new CrashCommandOutcome(result.Position.AggregateType, result.EventCount, result.Version, result.WasDuplicate, result.Error?.Code);
        };
        return this;
    }
}

/// <summary>What one command did, as the crash host reports it.</summary>
internal sealed record CrashCommandOutcome(string AggregateType, int Events, long Version, bool WasDuplicate, string? RejectedWith);
