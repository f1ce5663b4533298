namespace EventFold.Orleans.Store;

/// <summary>One holder's reference to a stream's shared, open <see cref="EventWriter"/>.</summary>
internal sealed class WriterLease : IDisposable
{
    private readonly StreamWriterPool _pool;
    private readonly StreamWriterPool.SharedWriter _shared;
    private bool _released;

    internal WriterLease(StreamWriterPool pool, StreamWriterPool.SharedWriter shared)
    {
        _pool = pool;
        _shared = shared;
    }

    /// <summary>The stream directory.</summary>
    public string Directory => _shared.Directory;

    /// <summary>The shared writer itself (thread-safe); for the group committer, which must not hold the lease's lock across a flush.</summary>
    public EventWriter Writer
    {
        get
        {
            ObjectDisposedException.ThrowIf(_released, this);
            return _shared.Writer;
        }
    }

    /// <summary>See <see cref="StreamWriterPool.SharedWriter.EntriesDurable"/>.</summary>
    public bool EntriesDurable
    {
        get => _shared.EntriesDurable;
        set => _shared.EntriesDurable = value;
    }

    /// <summary>Runs <paramref name="action"/> on the writer, serialised with the writer's other holders.</summary>
    public T Use<T>(Func<EventWriter, T> action)
    {
        ObjectDisposedException.ThrowIf(_released, this);
        lock (_shared.Sync)
        {
            return action(_shared.Writer);
        }
    }

    /// <summary>Closes the writer after a failure; every holder must acquire a new lease.</summary>
    public void Discard()
    {
        _pool.Discard(_shared);
        Dispose();
    }

    public void Dispose()
    {
        if (_released)
        {
            return;
        }

        _released = true;
        _pool.Release(_shared);
    }
}
