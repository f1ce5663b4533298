using System.Reflection;
using EventFold.Orleans.Aggregates;
using EventFold.Orleans.Events;
using EventFold.Orleans.Hosting;
using EventFold.Orleans.Reading;
using EventFold.Orleans.Store;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
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

    private readonly Dictionary<StreamKey, StreamCursor> _cursors = [];
    private readonly HashSet<StreamKey> _dirty = [];
    private readonly Dictionary<StreamKey, StreamHealth> _failing = [];
    private Dictionary<string, ProjectedEventDecoder> _decoders = [];
    private IStreamSource _source = null!;
    private ProjectionCheckpointStore _checkpoints = null!;
    private ProjectionOptions _options = null!;
    private TimeProvider _time = TimeProvider.System;
    private ILogger _logger = null!;
    private TState _state = Definition.Initial;
    private long _applied;
    private long _sinceCheckpoint;
    private DateTimeOffset? _lastCheckpoint;
    private DateTimeOffset _lastPoll;
    private int _rebuilds;
    private string? _rebuildReason;
    private string? _lastError;
    private IDisposable? _timer;

    /// <summary>The projection's current state.</summary>
    protected TState State => _state;

    /// <summary>The pure projection this grain runs.</summary>
    protected static TProjection Projection => Definition;

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Validate();
        var services = ServiceProvider;
        var store = services.GetRequiredService<EventFoldStore>();
        var json = services.GetRequiredService<IOptions<EventFoldOptions>>().Value.JsonSerializerOptions;
        _source = services.GetRequiredService<IStreamSource>();
        _options = services.GetRequiredService<IOptions<ProjectionOptions>>().Value;
        _time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        _logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("EventFold.Projections");
        var catalog = services.GetRequiredService<EventTypeCatalog>();
        _decoders = Definition.Follows.ToDictionary(f => f.AggregateType, f => ProjectedEventDecoder.For(f, json, catalog), StringComparer.Ordinal);
        _checkpoints = new ProjectionCheckpointStore(
            Path.Combine(store.BaseDirectory, "projections", Definition.Name), Definition.Name, Definition.Version, json);

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

        CatchUpAll(cancellationToken);
        _lastPoll = _time.GetUtcNow();
        _timer = this.RegisterGrainTimer(OnTick, new GrainTimerCreationOptions(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)) { Interleave = false, KeepAlive = false });
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _timer?.Dispose();
        if (_checkpoints is not null)
        {
            SaveCheckpoint();
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory)
    {
        ArgumentNullException.ThrowIfNull(handleFactory);
        return handleFactory.Create<ProjectionNotice>().ResumeAsync(OnNotice);
    }

    /// <inheritdoc />
    public Task NotifyAsync(ProjectionNotice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        return OnNotice(notice, null);
    }

    /// <inheritdoc />
    public Task WaitForAsync(StreamPosition[] positions, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        ReflectAsync(positions, timeout, cancellationToken);

    /// <inheritdoc />
    public Task CatchUpAsync(CancellationToken cancellationToken = default)
    {
        CatchUpAll(cancellationToken);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task RebuildAsync(CancellationToken cancellationToken = default)
    {
        Rebuild("an explicit rebuild was requested");
        CatchUpAll(cancellationToken);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task CheckpointAsync()
    {
        SaveCheckpoint();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<ProjectionStatus> GetStatusAsync()
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

        return Task.FromResult(new ProjectionStatus
        {
            Name = Definition.Name,
            Version = Definition.Version,
            EventsApplied = _applied,
            StreamsTracked = _cursors.Count,
            LastCheckpoint = _lastCheckpoint,
            LastError = _lastError,
            Rebuilds = _rebuilds,
            LastRebuildReason = _rebuildReason,
            Streams = streams,
        });
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
        var deadline = _time.GetUtcNow() + timeout;
        foreach (var position in positions)
        {
            if (!_decoders.ContainsKey(position.AggregateType))
            {
                throw new ArgumentException(
                    $"The projection {Definition.Name} does not follow the aggregate type \"{position.AggregateType}\"; it follows {string.Join(", ", _decoders.Keys)}.",
                    nameof(positions));
            }

            var key = new StreamKey(position.AggregateType, position.Id);
            var delay = TimeSpan.FromMilliseconds(5);
            while (CursorOf(key).Version < position.Version)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!_failing.TryGetValue(key, out var health) || !health.Stopped)
                {
                    CatchUpStream(key, ignoreBackoff: true);
                    if (CursorOf(key).Version >= position.Version)
                    {
                        break;
                    }
                }

                if (_failing.TryGetValue(key, out health))
                {
                    throw new ProjectionStreamFailedException(
                        $"The projection {Definition.Name} is stopped on {key} at version {CursorOf(key).Version}: {health.Error}");
                }

                if (_time.GetUtcNow() >= deadline)
                {
                    throw new TimeoutException(
                        $"The projection {Definition.Name} did not reach {key} version {position.Version} within {timeout} (the store holds {CursorOf(key).Version}).");
                }

                await Task.Delay(delay, _time, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromMilliseconds(200).Ticks));
            }
        }

        MaybeCheckpoint();
    }

    private Task OnNotice(ProjectionNotice notice, StreamSequenceToken? token)
    {
        if (_decoders.ContainsKey(notice.AggregateType))
        {
            var key = new StreamKey(notice.AggregateType, notice.Id);
            // A duplicate or an old notice: the cursor already stands at or past its end.
            if (CursorOf(key).Version < notice.ToVersion)
            {
                CatchUpStream(key, ignoreBackoff: false);
                MaybeCheckpoint();
            }
        }

        return Task.CompletedTask;
    }

    private Task OnTick(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (_options.PollInterval > TimeSpan.Zero && now - _lastPoll >= _options.PollInterval)
        {
            _lastPoll = now;
            CatchUpAll(cancellationToken);
        }
        else
        {
            foreach (var key in _failing.Where(p => !p.Value.Stopped && p.Value.RetryAt <= now).Select(p => p.Key).ToList())
            {
                CatchUpStream(key, ignoreBackoff: false);
            }
        }

        if (_sinceCheckpoint > 0 && (_lastCheckpoint is null || now - _lastCheckpoint >= Definition.CheckpointInterval))
        {
            SaveCheckpoint();
        }

        return Task.CompletedTask;
    }

    private void CatchUpAll(CancellationToken cancellationToken)
    {
        foreach (var followed in Definition.Follows)
        {
            foreach (var id in _source.ListStreams(followed.AggregateType))
            {
                cancellationToken.ThrowIfCancellationRequested();
                CatchUpStream(new StreamKey(followed.AggregateType, id), ignoreBackoff: false);
            }
        }

        MaybeCheckpoint();
    }

    private void CatchUpStream(StreamKey key, bool ignoreBackoff)
    {
        if (_failing.TryGetValue(key, out var health) && !ignoreBackoff && (health.Stopped || health.RetryAt > _time.GetUtcNow()))
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
                _state = Definition.Apply(_state, projected);
                _cursors[key] = stored.After;
                _dirty.Add(key);
                _applied++;
                _sinceCheckpoint++;
            }

            _failing.Remove(key);
        }
        catch (StreamDivergedException e)
        {
            Rebuild(e.Message);
            CatchUpAll(CancellationToken.None);
        }
        catch (Exception e)
        {
            Fail(key, e);
        }
    }

    private void Fail(StreamKey key, Exception e)
    {
        if (!_failing.TryGetValue(key, out var health))
        {
            health = new StreamHealth { Error = "" };
            _failing[key] = health;
        }

        health.Attempts++;
        health.Error = $"{e.GetType().Name} applying {key} version {CursorOf(key).Version + 1}: {e.Message}";
        health.RetryAt = _time.GetUtcNow() + StreamHealth.Backoff(health.Attempts);
        health.Stopped = health.Attempts >= Math.Max(1, Definition.MaxApplyAttempts);
        _lastError = health.Error;
        _logger.LogError(e, "Projection {Projection} failed on {Stream} (attempt {Attempt}{Stopped})",
            Definition.Name, key.ToString(), health.Attempts, health.Stopped ? ", stopped on this stream" : "");
    }

    private void Rebuild(string reason)
    {
        _logger.LogWarning("Projection {Projection} rebuilds: {Reason}", Definition.Name, reason);
        _checkpoints.Delete();
        _cursors.Clear();
        _dirty.Clear();
        _failing.Clear();
        _state = Definition.Initial;
        _sinceCheckpoint = 0;
        _rebuilds++;
        _rebuildReason = reason;
    }

    private void MaybeCheckpoint()
    {
        if (Definition.CheckpointEveryEvents > 0 && _sinceCheckpoint >= Definition.CheckpointEveryEvents)
        {
            SaveCheckpoint();
        }
    }

    private void SaveCheckpoint()
    {
        if (_sinceCheckpoint == 0 && _dirty.Count == 0)
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
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or System.Text.Json.JsonException)
        {
            // The events stay in the files: a failed save only means more to re-read after a restart.
            _lastError = $"checkpoint failed: {e.Message}";
            _logger.LogError(e, "Projection {Projection} could not save its checkpoint in {Directory}", Definition.Name, _checkpoints.Directory);
        }
    }

    private StreamCursor CursorOf(StreamKey key) => _cursors.TryGetValue(key, out var cursor) ? cursor : StreamCursor.Start;

    private IEnumerable<StreamKey> KnownStreams() =>
        Definition.Follows.SelectMany(f => _source.ListStreams(f.AggregateType).Select(id => new StreamKey(f.AggregateType, id)))
            .Union(_cursors.Keys).Union(_failing.Keys);

    private void Validate()
    {
        var grainClass = GetType();
        FollowedType.ValidateName(Definition.Name, typeof(TProjection));
        if (this.GetPrimaryKeyString() != ProjectionGrainKey.Value)
        {
            throw new ProjectionConfigurationException(
                $"The projection grain {grainClass.FullName} was addressed with the key \"{this.GetPrimaryKeyString()}\"; a projection has one activation, reach it with grainFactory.GetProjection<T>() (key \"{ProjectionGrainKey.Value}\").");
        }

        if (Definition.Follows is not { Count: > 0 })
        {
            throw new ProjectionConfigurationException($"The projection {typeof(TProjection).FullName} follows no aggregate type; list them in Follows.");
        }

        var subscribed = grainClass.GetCustomAttributes<ImplicitStreamSubscriptionAttribute>().ToList();
        foreach (var followed in Definition.Follows)
        {
            if (!subscribed.Any(a => a.Predicate.IsMatch(followed.AggregateType)))
            {
                throw new ProjectionConfigurationException(
                    $"The projection grain {grainClass.FullName} follows \"{followed.AggregateType}\" but lacks [ImplicitStreamSubscription(\"{followed.AggregateType}\")], so it would miss that type's write notices.");
            }
        }
    }
}
