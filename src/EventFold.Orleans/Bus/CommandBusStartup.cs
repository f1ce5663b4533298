using Microsoft.Extensions.DependencyInjection;

namespace EventFold.Orleans.Bus;

/// <summary>Builds the bus's aggregate routes and command name catalog when the silo starts, so that a command name used twice stops the start.</summary>
internal sealed class CommandBusStartup(IServiceProvider services) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(CommandBusStartup), ServiceLifecycleStage.RuntimeInitialize, _ =>
        {
            services.GetRequiredService<CommandTypeCatalog>();
            return Task.CompletedTask;
        });
}
