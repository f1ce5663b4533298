using System.Diagnostics;
using EventFold.Orleans.Commands;
using EventFold.Orleans.Diagnostics;
using EventFold.Orleans.Hosting;
using EventFold.Orleans.Provider;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.EventSourcing;
using Orleans.Providers;
using Orleans.Storage;

namespace EventFold.Orleans.Aggregates;

/// <summary>
/// The base class of an aggregate grain: binds a pure <see cref="Aggregate{TState, TCommand, TEvent}"/> to Orleans
/// and to its EventFold stream. A grain class needs nothing else:
/// <code>
/// [AggregateType("order")]
/// public sealed class OrderGrain : AggregateGrain&lt;OrderAggregate, OrderState, OrderCommand, OrderEvent&gt;, IOrderAggregate { }
/// </code>
/// </summary>
/// <typeparam name="TAggregate">The domain logic.</typeparam>
/// <typeparam name="TState">The state; needs <c>[GenerateSerializer]</c> (Orleans copies it) and must be JSON-serializable (snapshots).</typeparam>
/// <typeparam name="TCommand">The command base type.</typeparam>
/// <typeparam name="TEvent">The event base type; its classes need <c>[GenerateSerializer]</c> and are written as JSON.</typeparam>
[LogConsistencyProvider(ProviderName = EventFoldOptions.ProviderName)]
public abstract class AggregateGrain<TAggregate, TState, TCommand, TEvent>
    : JournaledGrain<AggregateView<TState>, EventEnvelope<TEvent>>, IAggregateGrain<TState, TCommand, TEvent>
    where TAggregate : Aggregate<TState, TCommand, TEvent>, new()
    where TEvent : class
{
    private static readonly TAggregate Domain = new();
    private EventFoldOptions? _options;
    private StreamOperationFailed? _issue;

    private TimeProvider? _time;
    private string? _aggregateType;

    private EventFoldOptions Options => _options ??= ServiceProvider.GetRequiredService<IOptions<EventFoldOptions>>().Value;

    private TimeProvider Time => _time ??= ServiceProvider.GetService<TimeProvider>() ?? TimeProvider.System;

    private string AggregateType => _aggregateType ??= EventFoldLogViewAdaptorFactory.AggregateTypeOf(GetType());

    /// <inheritdoc />
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await base.OnActivateAsync(cancellationToken);
        if (_issue is { } failure)
        {
            throw new AggregateLoadException(AggregateType, this.GetPrimaryKeyString(), failure.Version, failure.Exception);
        }
    }

    /// <inheritdoc />
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await base.OnDeactivateAsync(reason, cancellationToken);
        if (GrainContext.GetComponent<IEventFoldJournal>() is { } journal)
        {
            await journal.OnGrainDeactivatingAsync();
        }
    }

    /// <inheritdoc />
    public async Task<CommandResult<TEvent>> Execute(TCommand command, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(command);
        context ??= CommandContext.None;
        context.Validate();
        using var activity = EventFoldTelemetry.ActivitySource.StartActivity("EventFold.Execute");
        activity?.SetTag("eventfold.aggregate_type", AggregateType);
        activity?.SetTag("eventfold.aggregate_id", this.GetPrimaryKeyString());

        for (var attempt = 1; ; attempt++)
        {
            if (context.CommandId is { } commandId && State.TryGetCommand(commandId, out var processed))
            {
                return await OriginalResult(processed);
            }

            var decision = Domain.Decide(State.State, command);
            if (decision.IsRejected)
            {
                activity?.SetTag("eventfold.rejected", decision.Error!.Code);
                return Result([], Version, decision.Error);
            }

            if (decision.Events.Count == 0)
            {
                return Result([], Version);
            }

            _issue = null;
            if (await RaiseConditionalEvents(Wrap(decision.Events, context)))
            {
                if (_issue is not null)
                {
                    // Written, but the view could not fold it: reload from disk on the next call.
                    DeactivateOnIdle();
                }

                return Result([.. decision.Events], Version);
            }

            if (_issue is { } failure)
            {
                if (!failure.IsWrite)
                {
                    DeactivateOnIdle();
                }

                activity?.SetStatus(ActivityStatusCode.Error, failure.Exception.Message);
                throw new AggregateWriteException(AggregateType, this.GetPrimaryKeyString(), Version, failure.Exception);
            }

            if (attempt > Options.MaxConflictRetries)
            {
                throw new AggregateConcurrencyException(AggregateType, this.GetPrimaryKeyString(), attempt);
            }
        }
    }

    /// <inheritdoc />
    public Task<TState> GetState() => Task.FromResult(State.State);

    /// <inheritdoc />
    public Task<VersionedState<TState>> GetVersionedState() => Task.FromResult(new VersionedState<TState>(State.State, Version));

    /// <summary>Folds one event into the view with the aggregate's pure <c>Apply</c>.</summary>
    /// <param name="state">The view to update.</param>
    /// <param name="event">The stored event.</param>
    protected sealed override void TransitionState(AggregateView<TState> state, EventEnvelope<TEvent> @event) =>
        state.Fold(Domain.Apply, @event.Event, @event.CommandId, Options.IdempotencyWindow);

    /// <summary>Starts the journal from the aggregate's <c>Initial</c> state rather than a default-constructed one.</summary>
    /// <inheritdoc />
    protected override void InstallAdaptor(ILogViewAdaptorFactory factory, object initialState, string graintypename, IGrainStorage? grainStorage, ILogConsistencyProtocolServices services) =>
        base.InstallAdaptor(factory, new AggregateView<TState> { State = Domain.Initial }, graintypename, grainStorage, services);

    /// <summary>Remembers the stream failure the provider reports, to give the caller a typed error.</summary>
    /// <param name="issue">The reported issue.</param>
    protected override void OnConnectionIssue(ConnectionIssue issue)
    {
        if (issue is StreamOperationFailed failure)
        {
            _issue = failure;
        }
    }

    private EventEnvelope<TEvent>[] Wrap(IReadOnlyList<TEvent> events, CommandContext context)
    {
        var now = Time.GetUtcNow();
        var envelopes = new EventEnvelope<TEvent>[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            envelopes[i] = new EventEnvelope<TEvent>
            {
                Event = events[i],
                EventId = context.EventIds is { } ids && i < ids.Length ? ids[i] : Guid.CreateVersion7(now).ToString(),
                Actor = context.Actor,
                Timestamp = (ulong)now.ToUnixTimeSeconds(),
                CommandId = context.CommandId,
                CorrelationId = context.CorrelationId,
                CausationId = context.CausationId,
                Metadata = context.Metadata is null ? null : new Dictionary<string, string>(context.Metadata, StringComparer.Ordinal),
            };
        }

        return envelopes;
    }

    private async Task<CommandResult<TEvent>> OriginalResult(ProcessedCommand processed)
    {
        var from = checked((int)processed.FirstVersion);
        var envelopes = await RetrieveConfirmedEvents(from, from + processed.EventCount);
        return Result([.. envelopes.Select(e => e.Event)], processed.FirstVersion + processed.EventCount) with { WasDuplicate = true };
    }

    private CommandResult<TEvent> Result(TEvent[] events, long version, DomainError? error = null) => new()
    {
        Events = events,
        Version = version,
        Position = new StreamPosition(AggregateType, this.GetPrimaryKeyString(), version),
        Error = error,
    };
}
