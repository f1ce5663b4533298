using EventFold.Orleans.Consumers;
using EventFold.Orleans.Reading;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Streams;
using Orleans.Streams.Core;
using StreamPosition = EventFold.Orleans.Aggregates.StreamPosition;

namespace EventFold.Orleans.Projections;

/// <summary>
/// The base class of a projection grain: binds a pure <see cref="Projection{TState}"/> to Orleans, the store and the write
/// notices. A grain class needs one subscription attribute per followed aggregate type and its typed queries:
/// <code>
/// [ImplicitStreamSubscription("order")]
/// public sealed class OrderTotalsGrain : ProjectionGrain&lt;OrderTotals, Totals&gt;, IOrderTotals
/// {
///     public async Task&lt;decimal&gt; Total(StreamPosition? after) { await ReflectAsync(after); return State.Total; }
/// }
/// </code>
/// </summary>
/// <typeparam name="TProjection">The projection.</typeparam>
/// <typeparam name="TState">Its state.</typeparam>
/// <remarks>
/// <para>One activation per projection (key <see cref="ProjectionGrainKey.Value"/>), so the fold is sequential. The files
/// are the truth: on activation it catches up on every stream the registry lists, a notice only says which stream to read,
/// and read-your-writes reads the stream's tail itself.</para>
/// <para>State and cursors are checkpointed together (see <see cref="ProjectionCheckpointStore"/>) every
/// <see cref="Projection{TState}.CheckpointEveryEvents"/> events, every <see cref="Projection{TState}.CheckpointInterval"/>
/// and on deactivation.</para>
/// </remarks>
public abstract class ProjectionGrain<TProjection, TState> : Grain, IProjectionGrain, IStreamSubscriptionObserver
    where TProjection : Projection<TState>, new()
{
    private static readonly TProjection Definition = new();

    private StreamConsumer<TState> _consumer = null!;
    private ProjectionOptions _options = null!;
    private long _applied;
    private IDisposable? _timer;

    /// <summary>The projection's current state.</summary>
    protected TState State => _consumer.State;

    /// <summary>The pure projection this grain runs.</summary>
    protected static TProjection Projection => Definition;

    /// <inheritdoc />
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        ConsumerGrainValidation.Validate(ConsumerKind.Projection, GetType(), typeof(TProjection), Definition.Name, Definition.Follows, this.GetPrimaryKeyString());
        _options = ServiceProvider.GetRequiredService<IOptions<ProjectionOptions>>().Value;
        _consumer = StreamConsumer<TState>.Start(ServiceProvider, ConsumerKind.Projection, new ConsumerDefinition<TState>(
            Definition.Name, Definition.Version, Definition.Follows, Definition.Initial, Definition.CheckpointEveryEvents, Definition.CheckpointInterval, Definition.MaxApplyAttempts));
        await CatchUpAllAsync(cancellationToken);
        _consumer.Polled();
        _timer = this.RegisterGrainTimer(OnTick, new GrainTimerCreationOptions(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)) { Interleave = false, KeepAlive = false });
    }

    /// <inheritdoc />
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _timer?.Dispose();
        _consumer?.SaveCheckpoint();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory)
    {
        ArgumentNullException.ThrowIfNull(handleFactory);
        return handleFactory.Create<ProjectionNotice>().ResumeAsync((notice, _) => OnNoticeAsync(notice));
    }

    /// <inheritdoc />
    public Task NotifyAsync(ProjectionNotice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        return OnNoticeAsync(notice);
    }

    /// <inheritdoc />
    public Task WaitForAsync(StreamPosition[] positions, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        ReflectAsync(positions, timeout, cancellationToken);

    /// <inheritdoc />
    public Task CatchUpAsync(CancellationToken cancellationToken = default) => CatchUpAllAsync(cancellationToken);

    /// <inheritdoc />
    public Task RebuildAsync(CancellationToken cancellationToken = default)
    {
        _consumer.Rebuild("an explicit rebuild was requested");
        return CatchUpAllAsync(cancellationToken);
    }

    /// <inheritdoc />
    public Task CheckpointAsync()
    {
        _consumer.SaveCheckpoint();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<ProjectionStatus> GetStatusAsync()
    {
        var streams = await ConsumerStreamStatuses.OfAsync(_consumer);
        return new ProjectionStatus
        {
            Name = Definition.Name,
            Version = Definition.Version,
            EventsApplied = _applied,
            StreamsTracked = _consumer.Cursors.All.Count,
            LastCheckpoint = _consumer.Checkpoints.LastCheckpoint,
            LastError = _consumer.LastError,
            Rebuilds = _consumer.Rebuilds,
            LastRebuildReason = _consumer.RebuildReason,
            Streams = streams,
        };
    }

    /// <summary>Makes sure the state reflects <paramref name="position"/> (when given) before a query answers.</summary>
    /// <param name="position">A position returned by <c>Execute</c>, or <see langword="null"/> to answer at once.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes once the position is reflected (waiting at most 30 s for one the store does not hold yet).</returns>
    protected Task ReflectAsync(StreamPosition? position, CancellationToken cancellationToken = default) =>
        position is null ? Task.CompletedTask : ReflectAsync([position], TimeSpan.FromSeconds(30), cancellationToken);

    /// <summary>Makes sure the state reflects every position, reading those streams' tails itself.</summary>
    /// <param name="positions">Positions returned by <c>Execute</c>.</param>
    /// <param name="timeout">How long to wait for positions the store does not hold yet.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes once every position is reflected.</returns>
    /// <exception cref="TimeoutException">A position was not reached in time.</exception>
    /// <exception cref="ProjectionStreamFailedException">The projection is stopped on one of the streams.</exception>
    protected async Task ReflectAsync(IEnumerable<StreamPosition> positions, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(positions);
        var time = _consumer.Time;
        var deadline = time.GetUtcNow() + timeout;
        foreach (var position in positions)
        {
            if (!_consumer.Follows(position.AggregateType))
            {
                throw new ArgumentException(
                    $"The projection {Definition.Name} does not follow the aggregate type \"{position.AggregateType}\"; it follows {string.Join(", ", _consumer.FollowedTypes)}.",
                    nameof(positions));
            }

            var key = new StreamKey(position.AggregateType, position.Id);
            var delay = TimeSpan.FromMilliseconds(5);
            while (_consumer.Cursors.Of(key).Version < position.Version)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!_consumer.Cursors.IsStopped(key))
                {
                    await CatchUpStreamAsync(key, ignoreBackoff: true);
                    if (_consumer.Cursors.Of(key).Version >= position.Version)
                    {
                        break;
                    }
                }

                if (_consumer.Cursors.HealthOf(key) is { } health)
                {
                    throw new ProjectionStreamFailedException(
                        $"The projection {Definition.Name} is stopped on {key} at version {_consumer.Cursors.Of(key).Version}: {health.Error}");
                }

                if (time.GetUtcNow() >= deadline)
                {
                    throw new TimeoutException(
                        $"The projection {Definition.Name} did not reach {key} version {position.Version} within {timeout} (the store holds {_consumer.Cursors.Of(key).Version}).");
                }

                await Task.Delay(delay, time, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromMilliseconds(200).Ticks));
            }
        }

        MaybeCheckpoint();
    }

    private async Task OnNoticeAsync(ProjectionNotice notice)
    {
        if (_consumer.IsNews(notice))
        {
            await CatchUpStreamAsync(new StreamKey(notice.AggregateType, notice.Id), ignoreBackoff: false);
            MaybeCheckpoint();
        }
    }

    private async Task OnTick(CancellationToken cancellationToken)
    {
        var tick = _consumer.Tick(_options.PollInterval);
        if (tick.PollAll)
        {
            await CatchUpAllAsync(cancellationToken);
        }

        foreach (var key in tick.Retry)
        {
            await CatchUpStreamAsync(key, ignoreBackoff: false);
        }

        if (_consumer.Checkpoints.DueByTime(tick.Now))
        {
            _consumer.SaveCheckpoint();
        }
    }

    private async Task CatchUpAllAsync(CancellationToken cancellationToken)
    {
        foreach (var key in _consumer.ListedStreams())
        {
            cancellationToken.ThrowIfCancellationRequested();
            await CatchUpStreamAsync(key, ignoreBackoff: false);
        }

        MaybeCheckpoint();
    }

    private async Task CatchUpStreamAsync(StreamKey key, bool ignoreBackoff)
    {
        if (await _consumer.CatchUpStreamAsync(key, ignoreBackoff, Apply, CancellationToken.None))
        {
            await CatchUpAllAsync(CancellationToken.None);
        }
    }

    private ValueTask Apply(StreamKey key, ProjectedEvent projected, StreamCursor after, CancellationToken cancellationToken)
    {
        _consumer.State = Definition.Apply(_consumer.State, projected);
        _consumer.Handled(key, after);
        _applied++;
        return ValueTask.CompletedTask;
    }

    private void MaybeCheckpoint()
    {
        if (_consumer.CheckpointDueByCount)
        {
            _consumer.SaveCheckpoint();
        }
    }
}
