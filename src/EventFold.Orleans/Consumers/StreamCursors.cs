using EventFold.Orleans.Projections;
using EventFold.Orleans.Reading;

namespace EventFold.Orleans.Consumers;

/// <summary>
/// Where a consumer stands in each followed stream, which cursors moved since the last checkpoint, and which streams
/// currently fail (with their backoff). Used on the grain's scheduler only.
/// </summary>
internal sealed class StreamCursors
{
    private readonly Dictionary<StreamKey, StreamCursor> _cursors = [];
    private readonly HashSet<StreamKey> _dirty = [];
    private readonly Dictionary<StreamKey, StreamHealth> _failing = [];

    /// <summary>Every cursor held.</summary>
    public IReadOnlyDictionary<StreamKey, StreamCursor> All => _cursors;

    /// <summary>The streams whose cursors moved since the last checkpoint.</summary>
    public IReadOnlyCollection<StreamKey> Dirty => _dirty;

    /// <summary>Every stream with a cursor or a failure.</summary>
    public IEnumerable<StreamKey> Keys => _cursors.Keys.Union(_failing.Keys);

    /// <summary>The cursor of <paramref name="key"/>, or the start of the stream.</summary>
    public StreamCursor Of(StreamKey key) => _cursors.TryGetValue(key, out var cursor) ? cursor : StreamCursor.Start;

    /// <summary>Takes the cursors of a loaded checkpoint (not dirty: they are what the checkpoint holds).</summary>
    public void Restore(IReadOnlyDictionary<StreamKey, StreamCursor> loaded)
    {
        foreach (var (key, cursor) in loaded)
        {
            _cursors[key] = cursor;
        }
    }

    /// <summary>Moves the cursor of <paramref name="key"/> past an event.</summary>
    public void Advance(StreamKey key, StreamCursor after)
    {
        _cursors[key] = after;
        _dirty.Add(key);
    }

    /// <summary>A checkpoint now holds every cursor.</summary>
    public void Saved() => _dirty.Clear();

    /// <summary>Forgets everything (a rebuild starts from the beginning of every stream).</summary>
    public void Clear()
    {
        _cursors.Clear();
        _dirty.Clear();
        _failing.Clear();
    }

    /// <summary>The failure record of <paramref name="key"/>, if it currently fails.</summary>
    public StreamHealth? HealthOf(StreamKey key) => _failing.GetValueOrDefault(key);

    /// <summary>Whether <paramref name="key"/> must not be read now: stopped, or waiting out its backoff.</summary>
    public bool IsHeld(StreamKey key, DateTimeOffset now) =>
        _failing.TryGetValue(key, out var health) && (health.Stopped || health.RetryAt > now);

    /// <summary>Whether the consumer gave up on <paramref name="key"/>.</summary>
    public bool IsStopped(StreamKey key) => _failing.TryGetValue(key, out var health) && health.Stopped;

    /// <summary>A read of <paramref name="key"/> went through: it no longer fails.</summary>
    public void Healthy(StreamKey key) => _failing.Remove(key);

    /// <summary>Records one more failure of <paramref name="key"/>: its backoff grows, and after <paramref name="maxAttempts"/> it stops.</summary>
    public StreamHealth Failed(StreamKey key, string error, DateTimeOffset now, int maxAttempts)
    {
        if (!_failing.TryGetValue(key, out var health))
        {
            health = new StreamHealth { Error = "" };
            _failing[key] = health;
        }

        health.Attempts++;
        health.Error = error;
        health.RetryAt = now + StreamHealth.Backoff(health.Attempts);
        health.Stopped = health.Attempts >= Math.Max(1, maxAttempts);
        return health;
    }

    /// <summary>The failing streams whose backoff is over.</summary>
    public List<StreamKey> DueForRetry(DateTimeOffset now) =>
        [.. _failing.Where(p => !p.Value.Stopped && p.Value.RetryAt <= now).Select(p => p.Key)];
}
