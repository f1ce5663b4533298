namespace EventFold.Orleans.Bus;

/// <summary>Reaches a silo's command bus from outside it.</summary>
public static class CommandBusClientExtensions
{
    /// <summary>
    /// An <see cref="ICommandBus"/> that sends every envelope to the cluster's <see cref="ICommandBusGrain"/>, e.g. from an
    /// <c>IClusterClient</c>. Inside a silo, inject <see cref="ICommandBus"/> instead (it saves a grain call).
    /// </summary>
    /// <param name="grains">The client or grain factory.</param>
    public static ICommandBus GetCommandBus(this IGrainFactory grains)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return new GrainCommandBus(grains.GetGrain<ICommandBusGrain>(0));
    }

    private sealed class GrainCommandBus(ICommandBusGrain grain) : ICommandBus
    {
        public Task<CommandOutcome> SendAsync(CommandEnvelope envelope, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(envelope);
            return grain.SendAsync(envelope, cancellationToken);
        }

        public Task<CommandOutcome> SendJsonAsync(JsonCommandEnvelope envelope, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(envelope);
            return grain.SendJsonAsync(envelope, cancellationToken);
        }
    }
}
