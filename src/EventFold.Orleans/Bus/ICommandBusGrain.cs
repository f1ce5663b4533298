namespace EventFold.Orleans.Bus;

/// <summary>
/// The command bus as a grain, for processes that are not the silo (an <c>IClusterClient</c>, a tool): it dispatches through
/// the silo's <see cref="ICommandBus"/>, middlewares included. A client sending JSON envelopes needs no domain classes.
/// </summary>
/// <remarks>Get it with <see cref="CommandBusClientExtensions.GetCommandBus"/>, which wraps it as an <see cref="ICommandBus"/>.</remarks>
public interface ICommandBusGrain : IGrainWithIntegerKey
{
    /// <summary>Dispatches a typed command (its class must be known to the client's and the silo's serializers).</summary>
    /// <param name="envelope">The target and the command.</param>
    /// <param name="cancellationToken">Stops waiting; the command may still be applied.</param>
    /// <returns>The outcome; envelope errors are thrown as <see cref="CommandBusException"/>s.</returns>
    Task<CommandOutcome> SendAsync(CommandEnvelope envelope, CancellationToken cancellationToken = default);

    /// <summary>Decodes and dispatches a JSON command.</summary>
    /// <param name="envelope">The target, the command type name and the JSON payload.</param>
    /// <param name="cancellationToken">Stops waiting; the command may still be applied.</param>
    /// <returns>The outcome; envelope errors are thrown as <see cref="CommandBusException"/>s.</returns>
    Task<CommandOutcome> SendJsonAsync(JsonCommandEnvelope envelope, CancellationToken cancellationToken = default);
}
