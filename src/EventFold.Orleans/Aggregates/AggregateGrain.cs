using System.Diagnostics;
using System.Text.Json;
using EventFold.Orleans.Commands;
using EventFold.Orleans.Diagnostics;
using EventFold.Orleans.Hosting;
using EventFold.Orleans.Provider;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.EventSourcing;
using Orleans.Providers;
using Orleans.Serialization;
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
/// <remarks>
/// Before a command's events are written they are folded on a copy of the state (Orleans' deep copier): an event
/// <c>Apply</c> throws on is refused with <see cref="AggregateFoldException"/> instead of being written and poisoning the
/// stream. Mark a state that <c>Apply</c> never mutates <c>[Immutable]</c> so this copy costs nothing.
/// </remarks>
[LogConsistencyProvider(ProviderName = EventFoldOptions.ProviderName)]
public abstract class AggregateGrain<TAggregate, TState, TCommand, TEvent>
    : JournaledGrain<AggregateView<TState>, EventEnvelope<TEvent>>, IAggregateGrain<TState, TCommand, TEvent>
    where TAggregate : Aggregate<TState, TCommand, TEvent>, new()
    where TEvent : class
{
    private static readonly TAggregate Domain = new();
    private EventFoldOptions? _options;
    private StreamOperationFailed? _issue;
    private IEventFoldJournal? _journal;
    private DeepCopier<TState>? _copier;

    private TimeProvider? _time;
    private string? _aggregateType;

    private EventFoldOptions Options => _options ??= ServiceProvider.GetRequiredService<IOptions<EventFoldOptions>>().Value;

    private DeepCopier<TState> Copier => _copier ??= ServiceProvider.GetRequiredService<DeepCopier<TState>>();

    /// <summary>The store's JSON options with fields included: what event sizes are measured with.</summary>
    /// <summary>The store's JSON options (fields included: <c>AddEventFold</c> post-configures them).</summary>
    private JsonSerializerOptions Json => Options.JsonSerializerOptions;

    private TimeProvider Time => _time ??= ServiceProvider.GetService<TimeProvider>() ?? TimeProvider.System;

    private string AggregateType => _aggregateType ??= EventFoldLogViewAdaptorFactory.AggregateTypeOf(GetType());

    /// <summary>The EventFold journal; <see langword="null"/> when the grain runs on another log-consistency provider.</summary>
    private IEventFoldJournal? Journal => _journal ??= GrainContext.GetComponent<IEventFoldJournal>();

    /// <summary>The command's own durability, else the grain class's (or aggregate class's) attribute, else the store's.</summary>
    private Durability DurabilityFor(CommandContext context) =>
        context.Durability ?? AggregateDurabilityAttribute.Of(GetType()) ?? AggregateDurabilityAttribute.Of(typeof(TAggregate)) ?? Options.Durability;

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
    /// <remarks>
    /// Commands to one aggregate interleave (<see cref="IAggregateGrain{TState, TCommand, TEvent}.Execute"/> is
    /// <c>[AlwaysInterleave]</c>): each decides against the tentative state (the confirmed state plus the commands
    /// still being written) and the journal writes every waiting command in one write and one flush, each command its
    /// own all-or-nothing batch. A command decided on a state that did not come true (an earlier command of the group
    /// failed) is failed or decided again, never written on a wrong state.
    /// </remarks>
    public async Task<CommandResult<TEvent>> Execute(TCommand command, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(command);
        context ??= CommandContext.None;
        context.Validate();
        using var activity = EventFoldTelemetry.ActivitySource.StartActivity("EventFold.Execute");
        activity?.SetTag("eventfold.aggregate_type", AggregateType);
        activity?.SetTag("eventfold.aggregate_id", this.GetPrimaryKeyString());
        var fingerprint = context.CommandId is null ? null : CommandFingerprint.Of(command, Options.JsonSerializerOptions);

        for (var attempt = 1; ; attempt++)
        {
            // Each attempt sees the state after any conflict: duplicates first, then the caller's version, then the decision.
            // The tentative view includes the commands of this activation still being written; no await until the raise.
            // With nothing in flight the tentative view is the confirmed one. Reading it directly skips the deep copy
            // of the whole view (state and idempotency window) that Orleans makes on the first tentative read after
            // every write; the decision then gets a copy of the state alone, so one that changes it cannot change the view.
            var inFlight = UnconfirmedEvents.Any();
            var view = inFlight ? TentativeState : State;
            var version = view.Version;
            if (context.CommandId is { } commandId && view.TryGetCommand(commandId, out var processed))
            {
                if (processed.CommandHash is { } known && known != fingerprint)
                {
                    throw new CommandIdReusedException(AggregateType, this.GetPrimaryKeyString(), commandId, command.GetType(), processed.FirstVersion);
                }

                if (processed.FirstVersion + processed.EventCount > Version)
                {
                    // The original is still being written: its outcome decides (written: its result; failed: decide anew).
                    await ConfirmEvents();
                    attempt--;
                    continue;
                }

                return await OriginalResult(processed);
            }

            if (context.ExpectedVersion is { } expected && expected != version)
            {
                if (version != Version && expected == Version)
                {
                    // The caller saw the confirmed version; commands still being written may fail. Wait for them.
                    await ConfirmEvents();
                    attempt--;
                    continue;
                }

                throw new ExpectedVersionMismatchException(AggregateType, this.GetPrimaryKeyString(), expected, version);
            }

            var decision = Domain.Decide(inFlight ? view.State : Copier.Copy(view.State)!, command);
            if (decision.IsRejected)
            {
                activity?.SetTag("eventfold.rejected", decision.Error!.Code);
                return Result([], version, 0, error: decision.Error);
            }

            if (decision.Events.Count == 0)
            {
                return Result([], version, 0);
            }

            TrialFold(view.State, version, decision.Events);
            var bytes = MeasureForWrite(decision.Events, version);
            var envelopes = Wrap(decision.Events, context, fingerprint);
            var journal = Journal;
            journal?.SetDurability(envelopes[0], DurabilityFor(context));
            if (await RaiseConditionalEvents(envelopes))
            {
                if (journal is { Faulted: true })
                {
                    // Written, but the view could not fold it: reload from disk on the next call.
                    DeactivateOnIdle();
                }

                return Result([.. decision.Events], version + decision.Events.Count, bytes);
            }

            if (journal?.TakeFailure(envelopes[0]) is { } failure)
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
        state.Fold(Domain.Apply, @event.Event, @event.CommandId, @event.CommandHash, Options.IdempotencyWindow);

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

    /// <summary>Folds the decided events on a copy of the state, so that an event <c>Apply</c> throws on is never written.</summary>
    private void TrialFold(TState decidedOn, long version, IReadOnlyList<TEvent> events)
    {
        // A copy: user state may be mutable and changed in place by Apply.
        var state = Copier.Copy(decidedOn)!;
        for (var i = 0; i < events.Count; i++)
        {
            try
            {
                state = Domain.Apply(state, events[i]);
            }
            catch (Exception e)
            {
                throw new AggregateFoldException(AggregateType, this.GetPrimaryKeyString(), version, events[i].GetType(), i, e);
            }
        }
    }

    /// <summary>The JSON size of the decided events; refuses them when they exceed <see cref="EventFoldOptions.MaxCommandBytes"/>.</summary>
    private long MeasureForWrite(IReadOnlyList<TEvent> events, long version)
    {
        long total;
        try
        {
            total = JsonMeasure.TotalSize(events, Json, Options.MaxCommandBytes);
        }
        catch (Exception error) when (error is NotSupportedException or JsonException or InvalidOperationException)
        {
            // The codec would fail the same way while writing: report it as the write failure it is.
            throw new AggregateWriteException(AggregateType, this.GetPrimaryKeyString(), version, error);
        }

        return total <= Options.MaxCommandBytes
            ? total
            : throw new CommandTooLargeException(AggregateType, this.GetPrimaryKeyString(), events.Count, total, Options.MaxCommandBytes);
    }

    private EventEnvelope<TEvent>[] Wrap(IReadOnlyList<TEvent> events, CommandContext context, string? fingerprint)
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
                CommandHash = fingerprint,
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
        TEvent[] events = [.. envelopes.Select(e => e.Event)];
        var bytes = JsonMeasure.TotalSize(events, Json, Options.MaxResultEventBytes);
        return Result(events, processed.FirstVersion + processed.EventCount, bytes) with { WasDuplicate = true };
    }

    /// <summary>A result that echoes its events only when their JSON size fits <see cref="EventFoldOptions.MaxResultEventBytes"/>.</summary>
    private CommandResult<TEvent> Result(TEvent[] events, long version, long eventBytes, DomainError? error = null)
    {
        var omitted = events.Length > 0 && eventBytes > Options.MaxResultEventBytes;
        return new CommandResult<TEvent>
        {
            Events = omitted ? [] : events,
            EventCount = events.Length,
            EventsOmitted = omitted,
            Version = version,
            Position = new StreamPosition(AggregateType, this.GetPrimaryKeyString(), version),
            Error = error,
        };
    }
}
