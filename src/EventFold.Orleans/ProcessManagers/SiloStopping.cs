namespace EventFold.Orleans.ProcessManagers;

/// <summary>
/// Signals the start of the silo's shutdown (the first stage to stop), before grains are deactivated: a process manager
/// then stops reading events and treats a failing send as having no known outcome rather than as a dead letter, since
/// the failure may only mean the target is going down with the silo.
/// </summary>
internal sealed class SiloStopping : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Cancelled when the silo starts to stop.</summary>
    public CancellationToken Token => _stopping.Token;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SiloStopping), ServiceLifecycleStage.Active, _ => Task.CompletedTask, _ => _stopping.CancelAsync());

    public void Dispose() => _stopping.Dispose();
}
