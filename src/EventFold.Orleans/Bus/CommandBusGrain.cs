using Orleans.Concurrency;

namespace EventFold.Orleans.Bus;

/// <summary>The silo side of <see cref="ICommandBusGrain"/>: a stateless worker, so dispatches run in parallel on the silo that receives them.</summary>
[StatelessWorker]
internal sealed class CommandBusGrain(ICommandBus bus) : Grain, ICommandBusGrain
{
    public Task<CommandOutcome> SendAsync(CommandEnvelope envelope, CancellationToken cancellationToken = default) =>
        bus.SendAsync(envelope, cancellationToken);

    public Task<CommandOutcome> SendJsonAsync(JsonCommandEnvelope envelope, CancellationToken cancellationToken = default) =>
        bus.SendJsonAsync(envelope, cancellationToken);
}
