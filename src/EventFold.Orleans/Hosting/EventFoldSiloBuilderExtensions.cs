using System.Text.Json;
using EventFold.Orleans.Bus;
using EventFold.Orleans.Events;
using EventFold.Orleans.ProcessManagers;
using EventFold.Orleans.Projections;
using EventFold.Orleans.Provider;
using EventFold.Orleans.Store;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.EventSourcing;

namespace EventFold.Orleans.Hosting;

/// <summary>Sets up EventFold in a silo.</summary>
public static class EventFoldSiloBuilderExtensions
{
    /// <summary>
    /// Registers the EventFold store and log-consistency provider (keyed <see cref="EventFoldOptions.ProviderName"/>
    /// and as the default), validates the options when the silo starts, and applies the idle timeouts to Orleans'
    /// grain collection.
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="configure">Sets the options; <see cref="EventFoldOptions.BaseDirectory"/> is required.</param>
    public static ISiloBuilder AddEventFold(this ISiloBuilder builder, Action<EventFoldOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddEventFold(configure);
        builder.AddEventFoldProjections();
        builder.AddEventFoldProcessManagers();
        return builder;
    }

    /// <summary>The <see cref="IServiceCollection"/> form of <see cref="AddEventFold(ISiloBuilder, Action{EventFoldOptions})"/>.</summary>
    /// <param name="services">The silo's services.</param>
    /// <param name="configure">Sets the options.</param>
    public static IServiceCollection AddEventFold(this IServiceCollection services, Action<EventFoldOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<EventFoldOptions>().Configure(configure).PostConfigure(IncludeFields).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EventFoldOptions>, EventFoldOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<EventFoldStore>();
        services.TryAddSingleton<EventFoldLogViewAdaptorFactory>();
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<EventFoldOptions>>().Value;
            var grainAssemblies = sp.GetRequiredService<IOptions<GrainTypeOptions>>().Value.Classes.Select(c => c.Assembly);
            return new EventTypeCatalog(grainAssemblies.Concat(options.EventAssemblies), options.EventTypes);
        });
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, StoredTypesStartupCheck>();
        services.AddKeyedSingleton<ILogViewAdaptorFactory>(EventFoldOptions.ProviderName, (sp, _) => sp.GetRequiredService<EventFoldLogViewAdaptorFactory>());
        services.TryAddSingleton<ILogViewAdaptorFactory>(sp => sp.GetRequiredService<EventFoldLogViewAdaptorFactory>());

        // Orleans registers this factory only inside its built-in providers' setup.
        services.TryAddSingleton<Factory<IGrainContext, ILogConsistencyProtocolServices>>(
            sp => context => ActivatorUtilities.CreateInstance<EventFoldProtocolServices>(sp, context));
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, EventFoldStoreLifecycle>();
        services.AddEventFoldCommandBus();
        services.AddOptions<GrainCollectionOptions>().Configure<IOptions<EventFoldOptions>>((collection, eventFold) =>
            ApplyIdleTimeouts(collection, eventFold.Value));
        return services;
    }

    /// <summary>Orleans serializes fields marked [Id], so the stored JSON must include them: a copy with fields on, the user's instance untouched.</summary>
    private static void IncludeFields(EventFoldOptions options)
    {
        if (options.JsonSerializerOptions is { IncludeFields: false } json)
        {
            options.JsonSerializerOptions = new JsonSerializerOptions(json) { IncludeFields = true };
        }
    }

    private static void ApplyIdleTimeouts(GrainCollectionOptions collection, EventFoldOptions options)
    {
        if (options.IdleTimeout is { } idle && idle > TimeSpan.Zero)
        {
            collection.CollectionAge = idle;
        }

        foreach (var (grainClass, timeout) in options.IdleTimeouts)
        {
            collection.ClassSpecificCollectionAge[grainClass.FullName!] = timeout;
        }

        // Orleans requires every age to be longer than the collection quantum (how often it looks for idle grains).
        var shortest = collection.ClassSpecificCollectionAge.Values.Append(collection.CollectionAge).Where(a => a > TimeSpan.Zero).Min();
        if (shortest <= collection.CollectionQuantum)
        {
            collection.CollectionQuantum = shortest / 2;
        }
    }
}
