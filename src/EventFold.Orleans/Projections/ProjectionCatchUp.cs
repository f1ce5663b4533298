using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace EventFold.Orleans.Projections;

/// <summary>For tests and tools: bring every projection of a silo up to date with everything written so far.</summary>
public static class ProjectionCatchUp
{
    /// <summary>Asks every projection grain class registered in the silo to read all its followed streams to their ends, and waits for all of them.</summary>
    /// <param name="siloServices">The silo's service provider (e.g. <c>cluster.GetSiloServiceProvider()</c>).</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes when every projection reflects every event written before the call.</returns>
    public static async Task CatchUpAllAsync(IServiceProvider siloServices, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(siloServices);
        var grains = siloServices.GetRequiredService<IGrainFactory>();
        var classes = siloServices.GetRequiredService<IOptions<GrainTypeOptions>>().Value.Classes;
        await Task.WhenAll(ProjectionStartup.ProjectionGrainClasses(classes)
            .Select(c => grains.GetGrain<IProjectionGrain>(ProjectionGrainKey.Value, c.FullName).CatchUpAsync(cancellationToken))).ConfigureAwait(false);
    }
}
