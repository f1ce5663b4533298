using EventFold.Orleans.Events;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace EventFold.Orleans.Hosting;

/// <summary>
/// Stops the silo start when stored data would be lost or unreadable: builds the event name map of every EventFold
/// grain (a name used twice fails with <see cref="EventTypeMappingException"/>) and checks that every member Orleans
/// serializes of the event classes and journaled views round-trips through the JSON options
/// (otherwise <see cref="UnstorableMemberException"/>).
/// </summary>
internal sealed class StoredTypesStartupCheck(
    IServiceProvider services,
    IOptions<GrainTypeOptions> grainTypes,
    IOptions<EventFoldOptions> options,
    EventTypeCatalog catalog) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(StoredTypesStartupCheck), ServiceLifecycleStage.RuntimeInitialize, _ =>
        {
            Run();
            return Task.CompletedTask;
        });

    /// <summary>Runs the checks; throws on the first kind of problem found.</summary>
    public void Run()
    {
        var check = new JsonRoundTripCheck(options.Value.JsonSerializerOptions);
        foreach (var grain in EventFoldGrainClass.Find(grainTypes.Value.Classes, services))
        {
            foreach (var eventType in catalog.For(grain.EventBase).Types)
            {
                check.Check(eventType);
            }

            check.Check(grain.View);
        }

        foreach (var eventType in options.Value.EventTypes)
        {
            check.Check(eventType);
        }

        if (check.Problems.Count > 0)
        {
            throw new UnstorableMemberException(check.Problems);
        }
    }
}
