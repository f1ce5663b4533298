using EventFold.Orleans.Aggregates;
using EventFold.Orleans.Events;
using EventFold.Orleans.Hosting;
using EventFold.Orleans.Projections;
using EventFold.Orleans.Reading;
using EventFold.Orleans.Store;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EventFold.Orleans.Consumers;

/// <summary>
/// The mechanism projections and process managers share: a state with one durable cursor per followed stream, read from
/// the files (a write notice only names the stream), checkpointed together, rebuilt from nothing when a stream was
/// rewritten, and a per-stream backoff for streams whose events fail. What is done with each event is the grain's.
/// </summary>
/// <remarks>Used on the grain's scheduler only, so nothing here takes a lock.</remarks>
internal sealed class StreamConsumer<TState>
{
    private readonly Dictionary<string, ProjectedEventDecoder> _decoders;
    private DateTimeOffset _lastPoll;

    private StreamConsumer(
        ConsumerKind kind, ConsumerDefinition<TState> definition, IStreamSource source, ProjectionCheckpointStore checkpoints,
        Dictionary<string, ProjectedEventDecoder> decoders, TimeProvider time, ILogger logger, System.Text.Json.JsonSerializerOptions json)
    {
        Kind = kind;
        Definition = definition;
        Source = source;
        Checkpoints = new ConsumerCheckpoints(kind, definition.Name, definition.CheckpointInterval, checkpoints, time, logger);
        _decoders = decoders;
        Time = time;
        Logger = logger;
        Json = json;
        State = definition.Initial;
    }

    /// <summary>Which kind of consumer this is (for messages).</summary>
    public ConsumerKind Kind { get; }

    /// <summary>The projection's or process manager's facts.</summary>
    public ConsumerDefinition<TState> Definition { get; }

    /// <summary>The store's read side.</summary>
    public IStreamSource Source { get; }

    /// <summary>The cursors and the failing streams.</summary>
    public StreamCursors Cursors { get; } = new();

    /// <summary>The checkpoint of state and cursors.</summary>
    public ConsumerCheckpoints Checkpoints { get; }

    /// <summary>The silo's clock.</summary>
    public TimeProvider Time { get; }

    /// <summary>The consumer kind's logger.</summary>
    public ILogger Logger { get; }

    /// <summary>The store's JSON options.</summary>
    public System.Text.Json.JsonSerializerOptions Json { get; }

    /// <summary>The state as of the last event handled.</summary>
    public TState State { get; set; }

    /// <summary>The last error seen (a failing stream, a failed checkpoint, ...), for the status.</summary>
    public string? LastError { get; set; }

    /// <summary>How often the consumer started over in this activation.</summary>
    public int Rebuilds { get; private set; }

    /// <summary>Why it last started over.</summary>
    public string? RebuildReason { get; private set; }

    /// <summary>The aggregate types followed.</summary>
    public IEnumerable<string> FollowedTypes => _decoders.Keys;

    /// <summary>Resolves the store and its services, and loads the checkpoint (or starts over when it cannot be used).</summary>
    public static StreamConsumer<TState> Start(IServiceProvider services, ConsumerKind kind, ConsumerDefinition<TState> definition)
    {
        var store = services.GetRequiredService<EventFoldStore>();
        var json = services.GetRequiredService<IOptions<EventFoldOptions>>().Value.JsonSerializerOptions;
        var catalog = services.GetRequiredService<EventTypeCatalog>();
        var decoders = definition.Follows.ToDictionary(f => f.AggregateType, f => ProjectedEventDecoder.For(f, json, catalog), StringComparer.Ordinal);
        var checkpoints = new ProjectionCheckpointStore(Path.Combine(store.BaseDirectory, kind.Folder, definition.Name), definition.Name, definition.Version, json);
        var consumer = new StreamConsumer<TState>(
            kind, definition, services.GetRequiredService<IStreamSource>(), checkpoints, decoders,
            services.GetService<TimeProvider>() ?? TimeProvider.System, services.GetRequiredService<ILoggerFactory>().CreateLogger(kind.LoggerCategory), json);
        var loaded = checkpoints.Load<TState>();
        if (loaded.Found)
        {
            consumer.State = loaded.State!;
            consumer.Cursors.Restore(loaded.Cursors!);
        }
        else if (loaded.RebuildReason is { } reason)
        {
            consumer.Rebuild(reason);
        }

        return consumer;
    }

    /// <summary>Decides what the timer does now (see <see cref="ConsumerTick"/>); a poll counts from now.</summary>
    /// <param name="pollInterval">How often every stream is read; zero or less: never.</param>
    public ConsumerTick Tick(TimeSpan pollInterval)
    {
        var now = Time.GetUtcNow();
        var poll = pollInterval > TimeSpan.Zero && now - _lastPoll >= pollInterval;
        if (poll)
        {
            _lastPoll = now;
        }

        return new ConsumerTick(now, poll, poll ? [] : Cursors.DueForRetry(now));
    }

    /// <summary>The poll interval counts from now (a catch-up on every stream just started).</summary>
    public void Polled() => _lastPoll = Time.GetUtcNow();

    /// <summary>Whether <paramref name="aggregateType"/> is followed.</summary>
    public bool Follows(string aggregateType) => _decoders.ContainsKey(aggregateType);

    /// <summary>Whether a notice names events not read yet; a duplicate or an old notice does not (the cursor stands at or past its end).</summary>
    public bool IsNews(ProjectionNotice notice) =>
        Follows(notice.AggregateType) && Cursors.Of(new StreamKey(notice.AggregateType, notice.Id)).Version < notice.ToVersion;

    /// <summary>Every followed stream the registry lists now.</summary>
    public IEnumerable<StreamKey> ListedStreams() =>
        Definition.Follows.SelectMany(f => Source.ListStreams(f.AggregateType).Select(id => new StreamKey(f.AggregateType, id)));

    /// <summary>
    /// Reads <paramref name="key"/> from its cursor to its end and passes each event to <paramref name="handle"/>, which
    /// moves the cursor. A failure puts the stream on backoff; a stream that was rewritten makes the consumer start over.
    /// </summary>
    /// <returns><see langword="true"/> when the consumer started over and must catch up on every stream.</returns>
    public async ValueTask<bool> CatchUpStreamAsync(
        StreamKey key, bool ignoreBackoff, Func<StreamKey, ProjectedEvent, StreamCursor, CancellationToken, ValueTask> handle, CancellationToken stop)
    {
        if (!ignoreBackoff && Cursors.IsHeld(key, Time.GetUtcNow()))
        {
            return false;
        }

        try
        {
            var cursor = Cursors.Of(key);
            if (Source.IsAtEnd(key.AggregateType, key.Id, cursor))
            {
                return false;
            }

            var decoder = _decoders[key.AggregateType];
            foreach (var stored in Source.Read(key.AggregateType, key.Id, cursor))
            {
                await handle(key, decoder.Decode(key.Id, stored.After.Version, stored.Event), stored.After, stop);
            }

            Cursors.Healthy(key);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            throw;
        }
        catch (StreamDivergedException e)
        {
            Rebuild(e.Message);
            return true;
        }
        catch (Exception e)
        {
            Fail(key, e);
        }

        return false;
    }

    /// <summary>Counts one event handled (towards <see cref="ConsumerDefinition{TState}.CheckpointEveryEvents"/>).</summary>
    public void Handled(StreamKey key, StreamCursor after)
    {
        Cursors.Advance(key, after);
        Checkpoints.SinceCheckpoint++;
    }

    /// <summary>Whether enough events were handled since the last checkpoint to take the next one.</summary>
    public bool CheckpointDueByCount => Definition.CheckpointEveryEvents > 0 && Checkpoints.SinceCheckpoint >= Definition.CheckpointEveryEvents;

    /// <summary>Saves state and cursors if anything moved; a failure is logged and reported, the events stay in the files.</summary>
    public void SaveCheckpoint()
    {
        if (Checkpoints.Save(State, Cursors) is { } error)
        {
            LastError = error;
        }
    }

    /// <summary>Forgets state, cursors and checkpoint: the consumer reads every stream again from the beginning.</summary>
    public void Rebuild(string reason)
    {
        ConsumerLog.Rebuilding(Logger, Kind.Title, Definition.Name, Kind.Restarts, reason);
        Checkpoints.Delete();
        Cursors.Clear();
        State = Definition.Initial;
        Rebuilds++;
        RebuildReason = reason;
    }

    private void Fail(StreamKey key, Exception e)
    {
        var health = Cursors.Failed(
            key, $"{e.GetType().Name} {Kind.Verb} {key} version {Cursors.Of(key).Version + 1}: {e.Message}", Time.GetUtcNow(), Definition.MaxAttempts);
        LastError = health.Error;
        ConsumerLog.StreamFailed(Logger, e, Kind.Title, Definition.Name, key.ToString(), health.Attempts, health.Stopped ? ", stopped on this stream" : "");
    }
}
