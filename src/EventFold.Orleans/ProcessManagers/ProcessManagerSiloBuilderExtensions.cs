using Microsoft.Extensions.DependencyInjection;

namespace EventFold.Orleans.ProcessManagers;

/// <summary>Registers what process managers need; called by <c>AddEventFold</c> (after the projections, whose notices and stream source they share).</summary>
public static class ProcessManagerSiloBuilderExtensions
{
    /// <summary>Registers <see cref="ProcessManagerOptions"/> and the activation of every process manager at silo start.</summary>
    /// <param name="builder">The silo builder.</param>
    /// <returns>The builder.</returns>
    public static ISiloBuilder AddEventFoldProcessManagers(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (services.Any(d => d.ImplementationType == typeof(ProcessManagerStartup)))
        {
            return builder;
        }

        services.AddOptions<ProcessManagerOptions>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, ProcessManagerStartup>();
        return builder;
    }
}
