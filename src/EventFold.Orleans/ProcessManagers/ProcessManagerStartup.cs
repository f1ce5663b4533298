using EventFold.Orleans.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace EventFold.Orleans.ProcessManagers;

/// <summary>Activates every process manager grain class of the silo once it is active, so each catches up without waiting for a notice.</summary>
internal sealed class ProcessManagerStartup(IGrainFactory grains, IOptions<GrainTypeOptions> grainTypes, IOptions<ProcessManagerOptions> options, ILoggerFactory loggers)
    : ConsumerStartup(grainTypes, loggers.CreateLogger("EventFold.ProcessManagers"), "process manager")
{
    /// <summary>The concrete process manager grain classes among <paramref name="classes"/>.</summary>
    internal static IEnumerable<Type> ProcessManagerGrainClasses(IEnumerable<Type> classes) =>
        classes.Where(t => !t.IsAbstract && !t.IsGenericTypeDefinition && GenericBase.Find(t, typeof(ProcessManagerGrain<,>)) is not null);

    protected override bool Enabled => options.Value.ActivateOnSiloStart;

    protected override IEnumerable<Type> GrainClasses(IEnumerable<Type> classes) => ProcessManagerGrainClasses(classes);

    protected override Task ActivateAsync(Type grainClass) =>
        grains.GetGrain<IProcessManagerGrain>(ProcessManagerGrainKey.Value, grainClass.FullName).GetStatusAsync();
}
