namespace EventFold.Orleans.Bus;

/// <summary>The rest of a dispatch after a middleware: the next middleware, and finally the aggregate grain.</summary>
/// <param name="envelope">The envelope to pass on (a middleware may enrich it, e.g. its context).</param>
/// <param name="cancellationToken">Stops waiting.</param>
public delegate Task<CommandOutcome> CommandDispatch(CommandEnvelope envelope, CancellationToken cancellationToken);

/// <summary>
/// Runs around every dispatch of the <see cref="ICommandBus"/> (logging, authorization, validation, context
/// enrichment). Middlewares come from dependency injection and run in registration order; one that returns without
/// calling <c>next</c> short-circuits the dispatch with its own outcome (e.g. <see cref="CommandOutcome.Rejected"/>).
/// </summary>
public interface ICommandMiddleware
{
    /// <summary>Handles one dispatch.</summary>
    /// <param name="envelope">The command and its target.</param>
    /// <param name="next">The rest of the dispatch.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The outcome to return to the sender.</returns>
    Task<CommandOutcome> InvokeAsync(CommandEnvelope envelope, CommandDispatch next, CancellationToken cancellationToken);
}
