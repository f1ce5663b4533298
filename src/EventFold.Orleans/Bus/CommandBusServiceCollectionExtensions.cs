using EventFold.Orleans.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Metadata;

namespace EventFold.Orleans.Bus;

/// <summary>Registers the command bus; <c>AddEventFold</c> calls it.</summary>
internal static class CommandBusServiceCollectionExtensions
{
    /// <summary>Adds <see cref="ICommandBus"/>, its aggregate routes and command name catalog (built at silo start).</summary>
    public static IServiceCollection AddEventFoldCommandBus(this IServiceCollection services)
    {
        services.TryAddSingleton(sp => AggregateRoutes.Discover(
            sp.GetRequiredService<IOptions<GrainTypeOptions>>().Value.Classes, sp, sp.GetRequiredService<GrainTypeResolver>(), sp.GetRequiredService<GrainInterfaceTypeResolver>()));
        services.TryAddSingleton(sp =>
        {
            var routes = sp.GetRequiredService<AggregateRoutes>();
            return CommandTypeCatalog.Build(routes.All.Select(r => r.CommandBase), routes.All.Select(r => r.GrainClass.Assembly));
        });
        services.TryAddSingleton(sp => new CommandDecoder(
            sp.GetRequiredService<AggregateRoutes>(), sp.GetRequiredService<CommandTypeCatalog>(), sp.GetRequiredService<IOptions<EventFoldOptions>>().Value.JsonSerializerOptions));
        services.TryAddSingleton<ICommandBus, CommandBus>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, CommandBusStartup>();
        return services;
    }
}
