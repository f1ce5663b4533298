namespace EventFold.Orleans.Bus;

/// <summary>
/// Sends a command to the aggregate grain its envelope names, by aggregate type name, through the registered
/// <see cref="ICommandMiddleware"/>s in order. Aggregate and command types are discovered from the silo's grains.
/// </summary>
public interface ICommandBus
{
    /// <summary>Dispatches a typed command.</summary>
    /// <param name="envelope">The target and the command.</param>
    /// <param name="cancellationToken">Stops waiting; the command may still be applied.</param>
    /// <returns>The outcome: accepted, or rejected with a domain error.</returns>
    Task<CommandOutcome> SendAsync(CommandEnvelope envelope, CancellationToken cancellationToken = default);

    /// <summary>Decodes a JSON command with its stable type name and dispatches it like <see cref="SendAsync"/>.</summary>
    /// <param name="envelope">The target, the command type name and the JSON payload.</param>
    /// <param name="cancellationToken">Stops waiting; the command may still be applied.</param>
    /// <returns>The outcome: accepted, or rejected with a domain error.</returns>
    Task<CommandOutcome> SendJsonAsync(JsonCommandEnvelope envelope, CancellationToken cancellationToken = default);
}
