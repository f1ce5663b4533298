using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace EventFold.Orleans.Hosting;

/// <summary>
/// Activates every grain class of one kind of consumer (projections, process managers) once the silo is active, so each
/// catches up from the files without waiting for a call or a notice.
/// </summary>
/// <param name="grainTypes">The silo's grain classes.</param>
/// <param name="logger">Where an activation failure is logged.</param>
/// <param name="kind">The consumer kind, for the log, e.g. <c>projection</c>.</param>
internal abstract class ConsumerStartup(IOptions<GrainTypeOptions> grainTypes, ILogger logger, string kind) : ILifecycleParticipant<ISiloLifecycle>
{
    private Task _started = Task.CompletedTask;

    /// <summary>Whether the options ask for activation at silo start.</summary>
    protected abstract bool Enabled { get; }

    /// <summary>The concrete grain classes of this kind among the silo's.</summary>
    protected abstract IEnumerable<Type> GrainClasses(IEnumerable<Type> classes);

    /// <summary>Activates one grain class's single activation (any call does).</summary>
    protected abstract Task ActivateAsync(Type grainClass);

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(GetType().Name, ServiceLifecycleStage.Active, Start, Stop);

    private Task Start(CancellationToken cancellationToken)
    {
        if (Enabled)
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
        foreach (var grainClass in GrainClasses(grainTypes.Value.Classes))
        {
            try
            {
                await ActivateAsync(grainClass).WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                logger.LogError(e, "The {Kind} grain {GrainClass} could not be activated at silo start", kind, grainClass.FullName);
            }
        }
    }
}
