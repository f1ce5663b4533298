using System.Diagnostics;
using EventFold.Orleans.Commands;
using EventFold.Orleans.Diagnostics;
using EventFold.Orleans.Store;

namespace EventFold.Orleans.Bus;

/// <summary>
/// The silo's <see cref="ICommandBus"/>: checks the envelope, runs the middlewares in registration order and calls the
/// target aggregate grain through a cached typed invoker.
/// </summary>
internal sealed class CommandBus : ICommandBus
{
    private readonly AggregateRoutes _routes;
    private readonly CommandDecoder _decoder;
    private readonly IGrainFactory _grains;
    private readonly CommandDispatch _pipeline;
    private readonly bool _hasMiddlewares;

    public CommandBus(AggregateRoutes routes, CommandDecoder decoder, IGrainFactory grains, IEnumerable<ICommandMiddleware> middlewares)
    {
        _routes = routes;
        _decoder = decoder;
        _grains = grains;

        // Composed once: the first registered middleware is the outermost.
        CommandDispatch pipeline = DispatchToAggregate;
        ICommandMiddleware[] all = [.. middlewares];
        _hasMiddlewares = all.Length > 0;
        foreach (var middleware in Enumerable.Reverse(all))
        {
            var next = pipeline;
            pipeline = (envelope, cancellationToken) => Invoke(middleware, envelope, next, cancellationToken);
        }

        _pipeline = pipeline;
    }

    /// <inheritdoc />
    public async Task<CommandOutcome> SendAsync(CommandEnvelope envelope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var route = Check(envelope);
        using var activity = EventFoldTelemetry.ActivitySource.StartActivity("EventFold.Dispatch");
        if (activity is not null)
        {
            activity.SetTag("eventfold.aggregate_type", route.AggregateType);
            activity.SetTag("eventfold.aggregate_id", envelope.AggregateId);
            activity.SetTag("eventfold.command_type", CommandTypeName.Of(envelope.Command.GetType()));
        }

        var started = Stopwatch.GetTimestamp();
        var result = "failed";
        try
        {
            // Without middlewares the envelope checked above is the one sent: no second check.
            var outcome = await (_hasMiddlewares ? _pipeline(envelope, cancellationToken) : Execute(route, envelope, cancellationToken)).ConfigureAwait(false);
            result = outcome.Error is not null ? "rejected" : outcome.WasDuplicate ? "duplicate" : "accepted";
            if (outcome.Error is { } rejection)
            {
                activity?.SetTag("eventfold.rejected", rejection.Code);
            }

            return outcome;
        }
        catch (Exception e)
        {
            activity?.SetStatus(ActivityStatusCode.Error, e.Message);
            throw;
        }
        finally
        {
            activity?.SetTag("eventfold.outcome", result);
            var type = EventFoldTelemetry.TypeTag(route.AggregateType);
            EventFoldTelemetry.CommandsDispatched.Add(1, type, new("outcome", result));
            EventFoldTelemetry.DispatchDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, type);
        }
    }

    /// <inheritdoc />
    public Task<CommandOutcome> SendJsonAsync(JsonCommandEnvelope envelope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        return SendAsync(_decoder.Decode(envelope), cancellationToken);
    }

    private static async Task<CommandOutcome> Invoke(ICommandMiddleware middleware, CommandEnvelope envelope, CommandDispatch next, CancellationToken cancellationToken) =>
        await middleware.InvokeAsync(envelope, next, cancellationToken).ConfigureAwait(false)
        ?? throw new InvalidOperationException($"The command middleware {middleware.GetType().FullName} returned no outcome; return next(...)'s outcome or CommandOutcome.Rejected(...).");

    private Task<CommandOutcome> DispatchToAggregate(CommandEnvelope envelope, CancellationToken cancellationToken)
    {
        // Checked again: a middleware may have passed on another envelope than the one it was given.
        ArgumentNullException.ThrowIfNull(envelope);
        return Execute(Check(envelope), envelope, cancellationToken);
    }

    private Task<CommandOutcome> Execute(AggregateRoute route, CommandEnvelope envelope, CancellationToken cancellationToken) =>
        route.Invoker.ExecuteAsync(_grains, route.GrainIdOf(envelope.AggregateId), envelope.Command, envelope.Context ?? CommandContext.None, cancellationToken);

    /// <summary>The envelope's route, once every part of it is known to be usable.</summary>
    private AggregateRoute Check(CommandEnvelope envelope)
    {
        var route = _routes.Resolve(envelope.AggregateType);
        CheckId(route.AggregateType, envelope.AggregateId);
        if (envelope.Command is not { } command)
        {
            throw new InvalidCommandEnvelopeException(route.AggregateType, nameof(CommandEnvelope.Command), "it is null");
        }

        if (!route.CommandBase.IsInstanceOfType(command))
        {
            throw new CommandNotAcceptedException(route.AggregateType, CommandTypeName.Of(command.GetType()), [command.GetType().FullName!], route.CommandBase.FullName!);
        }

        try
        {
            envelope.Context?.Validate();
        }
        catch (ArgumentException e)
        {
            throw new InvalidCommandEnvelopeException(route.AggregateType, $"{nameof(CommandEnvelope.Context)}.{e.ParamName}", e.Message, e);
        }

        return route;
    }

    private static void CheckId(string aggregateType, string? id)
    {
        if (string.IsNullOrEmpty(id))
        {
            throw new InvalidAggregateIdException(aggregateType, id is null ? "it is null" : "it is empty");
        }

        if (StreamIdEncoding.UnpairedSurrogateProblem(id) is { } problem)
        {
            // Orleans would carry it as U+FFFD: the command would reach another stream than the one named.
            throw new InvalidAggregateIdException(aggregateType, problem);
        }

        if (!StreamIdEncoding.TryEncode(id, out _))
        {
            try
            {
                StreamIdEncoding.Encode(id);
            }
            catch (InvalidStreamIdException e)
            {
                throw new InvalidAggregateIdException(aggregateType, e.Reason, e);
            }
        }
    }
}
