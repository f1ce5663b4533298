using EventFold.Orleans.Bus;
using EventFold.Orleans.Consumers;
using EventFold.Orleans.Projections;
using EventFold.Orleans.Reading;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Streams;
using Orleans.Streams.Core;

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

    private readonly HashSet<StreamKey> _wanted = [];
    private readonly List<(long Pass, TaskCompletionSource Done)> _passWaiters = [];
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly CancellationTokenSource _stopping = new();
    private CancellationTokenSource _stopPump = new();
    private StreamConsumer<TState> _consumer = null!;
    private CommandDispatcher _dispatcher = null!;
    private DeadLetterResender _resender = null!;
    private DeadLetterJournal _deadLetters = null!;
    private ProcessManagerOptions _options = null!;
    private InFlightGate _gate = null!;
    private Task _pump = Task.CompletedTask;
    private IDisposable? _timer;
    private long _passRequested;
    private long _passDone;
    private bool _checkpointDue;
    private long _reacted;

    /// <summary>The manager's current state (as of the last event reacted to).</summary>
    protected TState State => _consumer.State;

    /// <summary>The pure process manager this grain runs.</summary>
    protected static TManager Manager => Definition;

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        ConsumerGrainValidation.Validate(ConsumerKind.ProcessManager, GetType(), typeof(TManager), Definition.Name, Definition.Follows, this.GetPrimaryKeyString());
        var services = ServiceProvider;
        var bus = services.GetService<ICommandBus>() ?? throw new ProcessManagerConfigurationException(
            $"The process manager {Definition.Name} needs an ICommandBus; AddEventFold registers it (was the silo set up with AddEventFold?).");
        _options = services.GetRequiredService<IOptions<ProcessManagerOptions>>().Value;
        var siloStopping = services.GetService<SiloStopping>()?.Token ?? CancellationToken.None;
        _stopPump = CancellationTokenSource.CreateLinkedTokenSource(siloStopping);
        _consumer = StreamConsumer<TState>.Start(services, ConsumerKind.ProcessManager, new ConsumerDefinition<TState>(
            Definition.Name, Definition.Version, Definition.Follows, Definition.Initial, Definition.CheckpointEveryEvents, Definition.CheckpointInterval, Definition.MaxReactAttempts));
        _deadLetters = DeadLetterJournal.Open(_consumer.Checkpoints.Directory);
        if (_deadLetters.RepairedBytes > 0 || _deadLetters.SkippedLines > 0)
        {
            _consumer.Logger.LogWarning("Process manager {Manager}: {File} had a torn last line ({Bytes} bytes, cut off) and {Skipped} damaged lines (skipped)",
                Definition.Name, _deadLetters.Path, _deadLetters.RepairedBytes, _deadLetters.SkippedLines);
        }

        _gate = new InFlightGate(_options.MaxInFlight);
        _dispatcher = new CommandDispatcher(
            Definition.Name, bus, _gate, _deadLetters, _options, _consumer.Json, _consumer.Time, _consumer.Logger, _stopping.Token, siloStopping, e => _consumer.LastError = e);
        _resender = new DeadLetterResender(Definition.Name, bus, _deadLetters, _consumer.Time);
        _consumer.Polled();
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
        SaveCheckpoint();
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
        if (_consumer.IsNews(notice) && _wanted.Add(new StreamKey(notice.AggregateType, notice.Id)))
        {
            Wake();
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
    public async Task<ProcessManagerStatus> GetStatusAsync()
    {
        var streams = await ConsumerStreamStatuses.OfAsync(_consumer);
        return new ProcessManagerStatus
        {
            Name = Definition.Name,
            Version = Definition.Version,
            EventsReacted = _reacted,
            CommandsSent = _dispatcher.Sent,
            CommandsSucceeded = _dispatcher.Succeeded,
            CommandsDeadLettered = _dispatcher.DeadLettered,
            InFlight = _gate.Count,
            MaxInFlightSeen = _gate.MaxSeen,
            DeadLetters = _deadLetters.UnresolvedCount,
            StreamsTracked = _consumer.Cursors.All.Count,
            LastCheckpoint = _consumer.Checkpoints.LastCheckpoint,
            LastError = _consumer.LastError,
            Rebuilds = _consumer.Rebuilds,
            LastRebuildReason = _consumer.RebuildReason,
            Streams = streams,
        };
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<DeadLetter>> GetDeadLettersAsync(bool includeResolved = false) =>
        Task.FromResult<IReadOnlyList<DeadLetter>>([.. _deadLetters.All.Where(l => includeResolved || !l.Resolved)]);

    /// <inheritdoc />
    public Task<DeadLetterReplay> ReplayDeadLetterAsync(string letterId, CancellationToken cancellationToken = default) =>
        _resender.ReplayAsync(letterId, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<DeadLetterReplay>> ReplayDeadLettersAsync(CancellationToken cancellationToken = default) =>
        _resender.ReplayAllAsync(cancellationToken);

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
                _consumer.LastError = $"{e.GetType().Name}: {e.Message}";
                _consumer.Logger.LogError(e, "Process manager {Manager} could not read its streams", Definition.Name);
            }
        }
    }

    private async Task PumpOnceAsync(CancellationToken stop)
    {
        var pass = _passRequested;
        if (pass > _passDone)
        {
            _wanted.UnionWith(_consumer.ListedStreams());
        }

        while (_wanted.Count > 0)
        {
            var key = _wanted.First();
            _wanted.Remove(key);
            if (await _consumer.CatchUpStreamAsync(key, ignoreBackoff: false, ReactAsync, stop))
            {
                _passRequested++;
                Wake();
            }
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

    private async ValueTask ReactAsync(StreamKey key, ProjectedEvent projected, StreamCursor after, CancellationToken stop)
    {
        var reaction = Definition.Handle(_consumer.State, projected);
        for (var i = 0; i < reaction.Commands.Count; i++)
        {
            await _gate.EnterAsync(stop);
            _dispatcher.Start(reaction.Commands[i], projected.Position);
        }

        // Only now, with every command of the event started: a checkpoint taken once they all have outcomes covers the event.
        _consumer.State = reaction.State;
        _consumer.Handled(key, after);
        _reacted++;
        if (_consumer.CheckpointDueByCount)
        {
            await _gate.WhenEmptyAsync(stop);
            SaveCheckpoint();
        }
    }

    private Task OnTick(CancellationToken cancellationToken)
    {
        var tick = _consumer.Tick(_options.PollInterval);
        if (tick.PollAll)
        {
            _passRequested++;
            Wake();
        }

        foreach (var key in tick.Retry)
        {
            _wanted.Add(key);
            Wake();
        }

        if (_consumer.Checkpoints.DueByTime(tick.Now))
        {
            _checkpointDue = true;
            Wake();
        }

        return Task.CompletedTask;
    }

    /// <summary>Saves state and cursors, only when nothing is in flight: the checkpoint covers only events whose commands have outcomes.</summary>
    private void SaveCheckpoint()
    {
        if (!_dispatcher.UnsafeToCheckpoint && _gate.Count == 0)
        {
            _consumer.SaveCheckpoint();
        }
    }
}
