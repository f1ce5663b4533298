using EventFold.Orleans.Store;

namespace EventFold.Orleans.Hosting;

/// <summary>Opens the store when the silo starts (so a locked directory or bad options stop the start) and closes it last.</summary>
internal sealed class EventFoldStoreLifecycle(EventFoldStore store) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(
            nameof(EventFoldStoreLifecycle),
            ServiceLifecycleStage.RuntimeInitialize,
            store.StartAsync,
            async _ => await store.DisposeAsync());
}
