using System.Reflection;
using System.Text.Json;
using EventFold.Orleans.Aggregates;
using EventFold.Orleans.Bus;
using EventFold.Orleans.Events;
using EventFold.Orleans.Hosting;
using EventFold.Orleans.Projections;
using EventFold.Orleans.Reading;
using EventFold.Orleans.Store;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Streams;
using Orleans.Streams.Core;
using StreamPosition = EventFold.Orleans.Aggregates.StreamPosition;

namespace EventFold.Orleans.ProcessManagers;

/// <summary>
/// The base class of a process manager grain: binds a pure <see cref="ProcessManager{TState}"/> to Orleans, the store,
/// the write notices and the <see cref="ICommandBus"/>. A grain class needs one subscription attribute per followed type:
/// <code>
/// public interface IOrderSaga : IProcessManagerGrain;
/// [ImplicitStreamSubscription("order"), ImplicitStreamSubscription("inventory")]
/// public sealed class OrderSagaGrain : ProcessManagerGrain&lt;OrderSaga, OrderSagaState&gt;, IOrderSaga;
/// </code>
/// </summary>
/// <typeparam name="TManager">The process manager.</typeparam>
/// <typeparam name="TState">Its state.</typeparam>
/// <remarks>
/// <para>One activation per manager (key <see cref="ProcessManagerGrainKey.Value"/>). Events are read from the files (a
/// notice only says which stream to read) and reacted to one at a time; the commands are dispatched concurrently, at most
/// <see cref="ProcessManagerOptions.MaxInFlight"/> at once (reading waits for a free slot), in order per target aggregate.</para>
/// <para>State and cursors are checkpointed together in <c>&lt;base&gt;/process-managers/&lt;name&gt;/</c>, only at moments
/// when no command is in flight: a checkpoint never covers an event whose commands lack an outcome. After a crash the
/// events after the checkpoint are reacted to again and give the same command ids, which the targets deduplicate.</para>
/// <para>A command rejected by the domain, refused by the bus (<c>CommandBusException</c>) or failing after
/// <see cref="ProcessManagerOptions.MaxAttempts"/> becomes a dead letter and the manager moves on.</para>
/// </remarks>
public abstract class ProcessManagerGrain<TManager, TState> : Grain, IProcessManagerGrain, IStreamSubscriptionObserver
    where TManager : ProcessManager<TState>, new()
{
    private static readonly TManager Definition = new();

    private readonly Dictionary<StreamKey, StreamCursor> _cursors = [];
    private readonly HashSet<StreamKey> _dirty = [];
    private readonly Dictionary<StreamKey, StreamHealth> _failing = [];
    private readonly HashSet<StreamKey> _wanted = [];
    private readonly Dictionary<(string Type, string Id), Lane> _lanes = [];
    private readonly List<(long Pass, TaskCompletionSource Done)> _passWaiters = [];
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly CancellationTokenSource _stopPump = new();
    private readonly CancellationTokenSource _stopping = new();
    private Dictionary<string, ProjectedEventDecoder> _decoders = [];
    private IStreamSource _source = null!;
    private ICommandBus _bus = null!;
    private ProjectionCheckpointStore _checkpoints = null!;
    private DeadLetterJournal _deadLetters = null!;
    private ProcessManagerOptions _options = null!;
    private JsonSerializerOptions _json = null!;
    private InFlightGate _gate = null!;
    private TimeProvider _time = TimeProvider.System;
    private ILogger _logger = null!;
    private TState _state = Definition.Initial;
    private Task _pump = Task.CompletedTask;
    private IDisposable? _timer;
    private long _passRequested;
    private long _passDone;
    private bool _checkpointDue;
    private bool _unsafeToCheckpoint;
    private long _reacted;
    private long _sent;
    private long _succeeded;
    private long _deadLettered;
    private long _sinceCheckpoint;
    private DateTimeOffset? _lastCheckpoint;
    private DateTimeOffset _lastPoll;
    private int _rebuilds;
    private string? _rebuildReason;
    private string? _lastError;

    /// <summary>The manager's current state (as of the last event reacted to).</summary>
    protected TState State => _state;

    /// <summary>The pure process manager this grain runs.</summary>
    protected static TManager Manager => Definition;

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Validate();
        var services = ServiceProvider;
        var store = services.GetRequiredService<EventFoldStore>();
        _json = services.GetRequiredService<IOptions<EventFoldOptions>>().Value.JsonSerializerOptions;
        _source = services.GetRequiredService<IStreamSource>();
        _bus = services.GetService<ICommandBus>() ?? throw new ProcessManagerConfigurationException(
            $"The process manager {Definition.Name} needs an ICommandBus; AddEventFold registers it (was the silo set up with AddEventFold?).");
        _options = services.GetRequiredService<IOptions<ProcessManagerOptions>>().Value;
        _time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        _logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("EventFold.ProcessManagers");
        _gate = new InFlightGate(_options.MaxInFlight);
        var catalog = services.GetRequiredService<EventTypeCatalog>();
        _decoders = Definition.Follows.ToDictionary(f => f.AggregateType, f => ProjectedEventDecoder.For(f, _json, catalog), StringComparer.Ordinal);
        var directory = Path.Combine(store.BaseDirectory, "process-managers", Definition.Name);
        _checkpoints = new ProjectionCheckpointStore(directory, Definition.Name, Definition.Version, _json);
        _deadLetters = DeadLetterJournal.Open(directory);
        if (_deadLetters.RepairedBytes > 0 || _deadLetters.SkippedLines > 0)
        {
            _logger.LogWarning("Process manager {Manager}: {File} had a torn last line ({Bytes} bytes, cut off) and {Skipped} damaged lines (skipped)",
                Definition.Name, _deadLetters.Path, _deadLetters.RepairedBytes, _deadLetters.SkippedLines);
        }

        var loaded = _checkpoints.Load<TState>();
        if (loaded.Found)
        {
            _state = loaded.State!;
            foreach (var (key, cursor) in loaded.Cursors!)
            {
                _cursors[key] = cursor;
            }
        }
        else if (loaded.RebuildReason is { } reason)
        {
            Rebuild(reason);
        }

        _lastPoll = _time.GetUtcNow();
        _passRequested = 1; // catch up on everything at once
        _pump = PumpAsync(_stopPump.Token);
        Wake();
        _timer = this.RegisterGrainTimer(OnTick, new GrainTimerCreationOptions(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)) { Interleave = false, KeepAlive = false });
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _timer?.Dispose();
        await _stopPump.CancelAsync();
        await _pump.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
        if (_gate is null)
        {
            return;
        }

        try
        {
            // Let the dispatches in flight reach their outcomes, so the checkpoint can cover what was reacted to.
            await _gate.WhenEmptyAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }

        await _stopping.CancelAsync();
        if (_gate.Count == 0)
        {
            SaveCheckpoint();
        }
    }

    /// <inheritdoc />
    public Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory)
    {
        ArgumentNullException.ThrowIfNull(handleFactory);
        return handleFactory.Create<ProjectionNotice>().ResumeAsync((notice, _) => NotifyAsync(notice));
    }

    /// <inheritdoc />
    public Task NotifyAsync(ProjectionNotice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        if (_decoders.ContainsKey(notice.AggregateType))
        {
            var key = new StreamKey(notice.AggregateType, notice.Id);
            // A duplicate or an old notice: the cursor already stands at or past its end.
            if (CursorOf(key).Version < notice.ToVersion && _wanted.Add(key))
            {
                Wake();
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task CatchUpAsync(CancellationToken cancellationToken = default)
    {
        var pass = ++_passRequested;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _passWaiters.Add((pass, done));
        Wake();
        await done.Task.WaitAsync(cancellationToken);
        await _gate.WhenEmptyAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task CheckpointAsync()
    {
        await _gate.WhenEmptyAsync(CancellationToken.None);
        SaveCheckpoint();
    }

    /// <inheritdoc />
    public Task<ProcessManagerStatus> GetStatusAsync()
    {
        var streams = new List<ProjectionStreamStatus>();
        foreach (var key in KnownStreams())
        {
            var cursor = CursorOf(key);
            _failing.TryGetValue(key, out var health);
            long lag = 0;
            if (!_source.IsAtEnd(key.AggregateType, key.Id, cursor))
            {
                try
                {
                    lag = _source.Read(key.AggregateType, key.Id, cursor).LongCount();
                }
                catch (StreamDivergedException)
                {
                    lag = -1;
                }
            }

            if (lag != 0 || health is not null)
            {
                streams.Add(new ProjectionStreamStatus(key.AggregateType, key.Id, cursor.Version, lag, health?.Error, health?.Attempts ?? 0, health?.Stopped ?? false));
            }
        }

        return Task.FromResult(new ProcessManagerStatus
        {
            Name = Definition.Name,
            Version = Definition.Version,
            EventsReacted = _reacted,
            CommandsSent = _sent,
            CommandsSucceeded = _succeeded,
            CommandsDeadLettered = _deadLettered,
            InFlight = _gate.Count,
            MaxInFlightSeen = _gate.MaxSeen,
            DeadLetters = _deadLetters.UnresolvedCount,
            StreamsTracked = _cursors.Count,
            LastCheckpoint = _lastCheckpoint,
            LastError = _lastError,
            Rebuilds = _rebuilds,
            LastRebuildReason = _rebuildReason,
            Streams = streams,
        });
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<DeadLetter>> GetDeadLettersAsync(bool includeResolved = false) =>
        Task.FromResult<IReadOnlyList<DeadLetter>>([.. _deadLetters.All.Where(l => includeResolved || !l.Resolved)]);

    /// <inheritdoc />
    public async Task<DeadLetterReplay> ReplayDeadLetterAsync(string letterId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(letterId);
        var letter = _deadLetters.Find(letterId) ?? throw new DeadLetterNotFoundException(
            $"The process manager {Definition.Name} has no dead letter \"{letterId}\" in {_deadLetters.Path}; list them with GetDeadLettersAsync.");
        if (letter.Resolved)
        {
            return new DeadLetterReplay(letterId, true, null);
        }

        string code, message, type;
        try
        {
            var outcome = await _bus.SendJsonAsync(letter.Envelope, cancellationToken);
            if (outcome.Succeeded)
            {
                _deadLetters.Resolved(letterId, letter.Attempts + 1, _time.GetUtcNow());
                return new DeadLetterReplay(letterId, true, null);
            }

            (code, message, type) = (outcome.Error!.Code, outcome.Error.Message, RejectedType);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            (code, message, type) = (e.GetType().Name, e.Message, e.GetType().FullName!);
        }

        _deadLetters.Attempted(letterId, code, message, type, letter.Attempts + 1, _time.GetUtcNow());
        return new DeadLetterReplay(letterId, false, $"{code}: {message}");
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<DeadLetterReplay>> ReplayDeadLettersAsync(CancellationToken cancellationToken = default)
    {
        var results = new List<DeadLetterReplay>();
        foreach (var letter in _deadLetters.All.Where(l => !l.Resolved).ToList())
        {
            cancellationToken.ThrowIfCancellationRequested();
            results.Add(await ReplayDeadLetterAsync(letter.LetterId, cancellationToken));
        }

        return results;
    }

    private const string RejectedType = "rejected";

    private void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            _wake.Release();
        }
    }

    /// <summary>The one reader of events: reacts to the wanted streams one event at a time, on the grain's scheduler.</summary>
    private async Task PumpAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await _wake.WaitAsync(stop);
            try
            {
                await PumpOnceAsync(stop);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stop.IsCancellationRequested)
            {
                // E.g. the registry could not be listed: try again on the next wake-up or poll.
                _lastError = $"{e.GetType().Name}: {e.Message}";
                _logger.LogError(e, "Process manager {Manager} could not read its streams", Definition.Name);
            }
        }
    }

    private async Task PumpOnceAsync(CancellationToken stop)
    {
        var pass = _passRequested;
        if (pass > _passDone)
        {
            foreach (var followed in Definition.Follows)
            {
                foreach (var id in _source.ListStreams(followed.AggregateType))
                {
                    _wanted.Add(new StreamKey(followed.AggregateType, id));
                }
            }
        }

        while (_wanted.Count > 0)
        {
            var key = _wanted.First();
            _wanted.Remove(key);
            await CatchUpStreamAsync(key, stop);
        }

        if (pass > _passDone)
        {
            _passDone = pass;
            foreach (var waiter in _passWaiters.Where(w => w.Pass <= pass).ToList())
            {
                _passWaiters.Remove(waiter);
                waiter.Done.TrySetResult();
            }

            if (_passRequested > pass)
            {
                Wake();
            }
        }

        if (_checkpointDue)
        {
            _checkpointDue = false;
            await _gate.WhenEmptyAsync(stop);
            SaveCheckpoint();
        }
    }

    private async Task CatchUpStreamAsync(StreamKey key, CancellationToken stop)
    {
        if (_failing.TryGetValue(key, out var health) && (health.Stopped || health.RetryAt > _time.GetUtcNow()))
        {
            return;
        }

        var cursor = CursorOf(key);
        try
        {
            if (_source.IsAtEnd(key.AggregateType, key.Id, cursor))
            {
                return;
            }

            var decoder = _decoders[key.AggregateType];
            foreach (var stored in _source.Read(key.AggregateType, key.Id, cursor))
            {
                var projected = decoder.Decode(key.Id, stored.After.Version, stored.Event);
                var reaction = Definition.Handle(_state, projected);
                for (var i = 0; i < reaction.Commands.Count; i++)
                {
                    await _gate.EnterAsync(stop);
                    Start(reaction.Commands[i], projected.Position);
                }

                // Only now, with every command of the event started: a checkpoint taken once they all have outcomes covers the event.
                _state = reaction.State;
                _cursors[key] = stored.After;
                _dirty.Add(key);
                _reacted++;
                _sinceCheckpoint++;
                if (Definition.CheckpointEveryEvents > 0 && _sinceCheckpoint >= Definition.CheckpointEveryEvents)
                {
                    await _gate.WhenEmptyAsync(stop);
                    SaveCheckpoint();
                }
            }

            _failing.Remove(key);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            throw;
        }
        catch (StreamDivergedException e)
        {
            Rebuild(e.Message);
            _passRequested++;
            Wake();
        }
        catch (Exception e)
        {
            Fail(key, e);
        }
    }

    private void Start(CommandEnvelope envelope, StreamPosition source)
    {
        var target = (envelope.AggregateType, envelope.AggregateId);
        if (!_lanes.TryGetValue(target, out var lane))
        {
            lane = new Lane();
            _lanes[target] = lane;
        }

        lane.Pending++;
        _sent++;
        lane.Tail = DispatchAsync(envelope, source, target, lane, lane.Tail);
    }

    /// <summary>Sends one command until it has an outcome: applied, or a dead letter. Never throws.</summary>
    private async Task DispatchAsync(CommandEnvelope envelope, StreamPosition source, (string, string) target, Lane lane, Task previous)
    {
        try
        {
            await previous; // in order per target aggregate; never faults
            var first = _time.GetUtcNow();
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    var outcome = await _bus.SendAsync(envelope, _stopping.Token);
                    if (outcome.Succeeded)
                    {
                        _succeeded++;
                        return;
                    }

                    DeadLetter(envelope, source, outcome.Error!.Code, outcome.Error.Message, RejectedType, attempt, first);
                    return;
                }
                catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
                {
                    Abandon(envelope, "the grain deactivated while it was being sent");
                    return;
                }
                catch (Exception e) when (IsPermanent(e) || attempt >= Math.Max(1, _options.MaxAttempts))
                {
                    DeadLetter(envelope, source, e.GetType().Name, e.Message, e.GetType().FullName!, attempt, first);
                    return;
                }
                catch (Exception e)
                {
                    _logger.LogWarning(e, "Process manager {Manager}: command {CommandId} to {Type}/{Id} failed (attempt {Attempt}), retrying",
                        Definition.Name, envelope.Context.CommandId, envelope.AggregateType, envelope.AggregateId, attempt);
                }

                try
                {
                    await Task.Delay(_options.RetryDelay(attempt), _time, _stopping.Token);
                }
                catch (OperationCanceledException)
                {
                    Abandon(envelope, "the grain deactivated while it waited to retry");
                    return;
                }
            }
        }
        catch (Exception e)
        {
            Abandon(envelope, e.Message);
        }
        finally
        {
            if (--lane.Pending == 0 && _lanes.TryGetValue(target, out var current) && current == lane)
            {
                _lanes.Remove(target);
            }

            _gate.Exit();
        }
    }

    /// <summary>Failures that a resend of the same command cannot fix.</summary>
    private static bool IsPermanent(Exception e) =>
        e is CommandIdReusedException or CommandTooLargeException or ExpectedVersionMismatchException or AggregateFoldException or ArgumentException
        || IsBusError(e);

    private static bool IsBusError(Exception e)
    {
        // The bus's own errors (unknown aggregate or command type, malformed JSON) share the base CommandBusException.
        for (var t = e.GetType(); t is not null; t = t.BaseType)
        {
            if (t.Name == "CommandBusException" && t.Namespace == typeof(ICommandBus).Namespace)
            {
                return true;
            }
        }

        return false;
    }

    private void DeadLetter(CommandEnvelope envelope, StreamPosition source, string code, string message, string type, int attempts, DateTimeOffset first)
    {
        try
        {
            var letter = _deadLetters.Record(new DeadLetter
            {
                LetterId = envelope.Context.CommandId!,
                Envelope = DeadLetterEnvelope.ToJson(envelope, _json),
                ErrorCode = code,
                ErrorMessage = message,
                ErrorType = type,
                Attempts = attempts,
                FirstAttempt = first,
                LastAttempt = _time.GetUtcNow(),
                Source = source,
            });
            _deadLettered++;
            _logger.LogWarning("Process manager {Manager}: command {CommandId} to {Type}/{Id} became a dead letter after {Attempts} attempt(s): {Code}: {Message}",
                Definition.Name, letter.LetterId, envelope.AggregateType, envelope.AggregateId, attempts, code, message);
        }
        catch (Exception e)
        {
            Abandon(envelope, $"its dead letter could not be written to {_deadLetters.Path}: {e.Message}");
        }
    }

    /// <summary>A command ended without a known outcome: this activation must not checkpoint past it (a restart sends it again).</summary>
    private void Abandon(CommandEnvelope envelope, string why)
    {
        _unsafeToCheckpoint = true;
        _lastError = $"command {envelope.Context.CommandId} to {envelope.AggregateType}/{envelope.AggregateId} has no known outcome: {why}";
        _logger.LogError("Process manager {Manager}: {Error}; no further checkpoint in this activation", Definition.Name, _lastError);
    }

    private Task OnTick(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (_options.PollInterval > TimeSpan.Zero && now - _lastPoll >= _options.PollInterval)
        {
            _lastPoll = now;
            _passRequested++;
            Wake();
        }
        else
        {
            foreach (var key in _failing.Where(p => !p.Value.Stopped && p.Value.RetryAt <= now).Select(p => p.Key))
            {
                _wanted.Add(key);
                Wake();
            }
        }

        if (_sinceCheckpoint > 0 && (_lastCheckpoint is null || now - _lastCheckpoint >= Definition.CheckpointInterval))
        {
            _checkpointDue = true;
            Wake();
        }

        return Task.CompletedTask;
    }

    private void Fail(StreamKey key, Exception e)
    {
        if (!_failing.TryGetValue(key, out var health))
        {
            health = new StreamHealth { Error = "" };
            _failing[key] = health;
        }

        health.Attempts++;
        health.Error = $"{e.GetType().Name} reacting to {key} version {CursorOf(key).Version + 1}: {e.Message}";
        health.RetryAt = _time.GetUtcNow() + StreamHealth.Backoff(health.Attempts);
        health.Stopped = health.Attempts >= Math.Max(1, Definition.MaxReactAttempts);
        _lastError = health.Error;
        _logger.LogError(e, "Process manager {Manager} failed on {Stream} (attempt {Attempt}{Stopped})",
            Definition.Name, key.ToString(), health.Attempts, health.Stopped ? ", stopped on this stream" : "");
    }

    private void Rebuild(string reason)
    {
        _logger.LogWarning("Process manager {Manager} starts over: {Reason}", Definition.Name, reason);
        _checkpoints.Delete();
        _cursors.Clear();
        _dirty.Clear();
        _failing.Clear();
        _state = Definition.Initial;
        _sinceCheckpoint = 0;
        _rebuilds++;
        _rebuildReason = reason;
    }

    /// <summary>Saves state and cursors; callers make sure nothing is in flight, so the checkpoint covers only events whose commands have outcomes.</summary>
    private void SaveCheckpoint()
    {
        if ((_sinceCheckpoint == 0 && _dirty.Count == 0) || _unsafeToCheckpoint || _gate.Count > 0)
        {
            return;
        }

        try
        {
            _checkpoints.Save(_state, _cursors, _dirty);
            _dirty.Clear();
            _sinceCheckpoint = 0;
            _lastCheckpoint = _time.GetUtcNow();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or JsonException)
        {
            // The events stay in the files: a failed save only means more to react to again (deduplicated) after a restart.
            _lastError = $"checkpoint failed: {e.Message}";
            _logger.LogError(e, "Process manager {Manager} could not save its checkpoint in {Directory}", Definition.Name, _checkpoints.Directory);
        }
    }

    private StreamCursor CursorOf(StreamKey key) => _cursors.TryGetValue(key, out var cursor) ? cursor : StreamCursor.Start;

    private IEnumerable<StreamKey> KnownStreams() =>
        Definition.Follows.SelectMany(f => _source.ListStreams(f.AggregateType).Select(id => new StreamKey(f.AggregateType, id)))
            .Union(_cursors.Keys).Union(_failing.Keys);

    private void Validate()
    {
        var grainClass = GetType();
        if (!AggregateTypeName.IsValid(Definition.Name))
        {
            throw new ProcessManagerConfigurationException(
                $"The process manager {typeof(TManager).FullName} has the name \"{Definition.Name}\"; a name must match ^[a-z0-9][a-z0-9_-]{{0,63}}$ (it is a folder name).");
        }

        if (this.GetPrimaryKeyString() != ProcessManagerGrainKey.Value)
        {
            throw new ProcessManagerConfigurationException(
                $"The process manager grain {grainClass.FullName} was addressed with the key \"{this.GetPrimaryKeyString()}\"; a process manager has one activation, reach it with grainFactory.GetProcessManager<T>() (key \"{ProcessManagerGrainKey.Value}\").");
        }

        if (Definition.Follows is not { Count: > 0 })
        {
            throw new ProcessManagerConfigurationException($"The process manager {typeof(TManager).FullName} follows no aggregate type; list them in Follows.");
        }

        var subscribed = grainClass.GetCustomAttributes<ImplicitStreamSubscriptionAttribute>().ToList();
        foreach (var followed in Definition.Follows)
        {
            if (!subscribed.Any(a => a.Predicate.IsMatch(followed.AggregateType)))
            {
                throw new ProcessManagerConfigurationException(
                    $"The process manager grain {grainClass.FullName} follows \"{followed.AggregateType}\" but lacks [ImplicitStreamSubscription(\"{followed.AggregateType}\")], so it would miss that type's write notices.");
            }
        }
    }

    /// <summary>The dispatches of one target aggregate, chained so they reach it in the order they were emitted.</summary>
    private sealed class Lane
    {
        public Task Tail { get; set; } = Task.CompletedTask;

        public int Pending { get; set; }
    }
}
