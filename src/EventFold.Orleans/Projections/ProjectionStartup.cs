using EventFold.Orleans.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace EventFold.Orleans.Projections;

/// <summary>Activates every projection grain class of the silo once it is active, so each catches up without waiting for a call or a notice.</summary>
internal sealed class ProjectionStartup(IGrainFactory grains, IOptions<GrainTypeOptions> grainTypes, IOptions<ProjectionOptions> options, ILoggerFactory loggers)
    : ConsumerStartup(grainTypes, loggers.CreateLogger("EventFold.Projections"), "projection")
{
    /// <summary>The concrete projection grain classes among <paramref name="classes"/>.</summary>
    internal static IEnumerable<Type> ProjectionGrainClasses(IEnumerable<Type> classes) =>
        classes.Where(t => !t.IsAbstract && !t.IsGenericTypeDefinition && GenericBase.Find(t, typeof(ProjectionGrain<,>)) is not null);

    protected override bool Enabled => options.Value.ActivateOnSiloStart;

    protected override IEnumerable<Type> GrainClasses(IEnumerable<Type> classes) => ProjectionGrainClasses(classes);

    protected override Task ActivateAsync(Type grainClass) =>
        grains.GetGrain<IProjectionGrain>(ProjectionGrainKey.Value, grainClass.FullName).GetStatusAsync();
}
