using EventFold.Orleans.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace EventFold.Orleans.Projections;

/// <summary>Activates every projection grain class of the silo once it is active, so each catches up without waiting for a call or a notice.</summary>
internal sealed class ProjectionStartup(IGrainFactory grains, IOptions<GrainTypeOptions> grainTypes, IOptions<ProjectionOptions> options, ILoggerFactory loggers)
    : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly ILogger _logger = loggers.CreateLogger("EventFold.Projections");
    private Task _started = Task.CompletedTask;

    /// <summary>The concrete projection grain classes among <paramref name="classes"/>.</summary>
    internal static IEnumerable<Type> ProjectionGrainClasses(IEnumerable<Type> classes) =>
        classes.Where(t => !t.IsAbstract && !t.IsGenericTypeDefinition && GenericBase.Find(t, typeof(ProjectionGrain<,>)) is not null);

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(ProjectionStartup), ServiceLifecycleStage.Active, Start, Stop);

    private Task Start(CancellationToken cancellationToken)
    {
        if (options.Value.ActivateOnSiloStart)
        {
            // In the background: a large catch-up must not hold up the silo's start.
            _started = Task.Run(() => ActivateAllAsync(cancellationToken), CancellationToken.None);
        }

        return Task.CompletedTask;
    }

    private async Task Stop(CancellationToken cancellationToken) =>
        await _started.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

    private async Task ActivateAllAsync(CancellationToken cancellationToken)
    {
        foreach (var grainClass in ProjectionGrainClasses(grainTypes.Value.Classes))
        {
            try
            {
                await grains.GetGrain<IProjectionGrain>(ProjectionGrainKey.Value, grainClass.FullName).GetStatusAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                _logger.LogError(e, "The projection grain {GrainClass} could not be activated at silo start", grainClass.FullName);
            }
        }
    }
}
