using EventFold.Orleans.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace EventFold.Orleans.ProcessManagers;

/// <summary>Activates every process manager grain class of the silo once it is active, so each catches up without waiting for a notice.</summary>
internal sealed class ProcessManagerStartup(IGrainFactory grains, IOptions<GrainTypeOptions> grainTypes, IOptions<ProcessManagerOptions> options, ILoggerFactory loggers)
    : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly ILogger _logger = loggers.CreateLogger("EventFold.ProcessManagers");
    private Task _started = Task.CompletedTask;

    /// <summary>The concrete process manager grain classes among <paramref name="classes"/>.</summary>
    internal static IEnumerable<Type> ProcessManagerGrainClasses(IEnumerable<Type> classes) =>
        classes.Where(t => !t.IsAbstract && !t.IsGenericTypeDefinition && GenericBase.Find(t, typeof(ProcessManagerGrain<,>)) is not null);

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(ProcessManagerStartup), ServiceLifecycleStage.Active, Start, Stop);

    private Task Start(CancellationToken cancellationToken)
    {
        if (options.Value.ActivateOnSiloStart)
        {
            _started = Task.Run(() => ActivateAllAsync(cancellationToken), CancellationToken.None);
        }

        return Task.CompletedTask;
    }

    private async Task Stop(CancellationToken cancellationToken) =>
        await _started.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

    private async Task ActivateAllAsync(CancellationToken cancellationToken)
    {
        foreach (var grainClass in ProcessManagerGrainClasses(grainTypes.Value.Classes))
        {
            try
            {
                await grains.GetGrain<IProcessManagerGrain>(ProcessManagerGrainKey.Value, grainClass.FullName).GetStatusAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                _logger.LogError(e, "The process manager grain {GrainClass} could not be activated at silo start", grainClass.FullName);
            }
        }
    }
}
