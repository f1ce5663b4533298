using System.Reflection;
using EventFold.Orleans.Commands;
using EventFold.Orleans.Provider;
using Microsoft.Extensions.DependencyInjection;
using Orleans.EventSourcing;
using Orleans.Providers;

namespace EventFold.Orleans.Hosting;

/// <summary>A journaled grain class whose log-consistency provider is EventFold: what it stores.</summary>
/// <param name="Grain">The grain class.</param>
/// <param name="View">The journaled view, stored in snapshots.</param>
/// <param name="EventBase">The event base type (the <see cref="EventEnvelope{TEvent}"/>'s event for aggregates), stored in the log.</param>
internal sealed record EventFoldGrainClass(Type Grain, Type View, Type EventBase)
{
    /// <summary>The classes among <paramref name="grainClasses"/> whose provider, resolved as Orleans resolves it, is EventFold's factory.</summary>
    public static IEnumerable<EventFoldGrainClass> Find(IEnumerable<Type> grainClasses, IServiceProvider services)
    {
        foreach (var grain in grainClasses)
        {
            if (grain.IsAbstract || grain.ContainsGenericParameters || GenericBase.Find(grain, typeof(JournaledGrain<,>)) is not { } journaled)
            {
                continue;
            }

            var provider = grain.GetCustomAttribute<LogConsistencyProviderAttribute>(inherit: true)?.ProviderName;
            var factory = provider is null
                ? services.GetService<ILogViewAdaptorFactory>()
                : services.GetKeyedService<ILogViewAdaptorFactory>(provider);
            if (factory is not EventFoldLogViewAdaptorFactory)
            {
                continue;
            }

            var (view, entry) = (journaled.GenericTypeArguments[0], journaled.GenericTypeArguments[1]);
            var eventBase = entry.IsGenericType && entry.GetGenericTypeDefinition() == typeof(EventEnvelope<>) ? entry.GenericTypeArguments[0] : entry;
            yield return new EventFoldGrainClass(grain, view, eventBase);
        }
    }
}
