namespace EventFold.Orleans.Store;

/// <summary>
/// One holder's reference to a stream's shared writer. The lease keeps the stream's place in the
/// <see cref="StreamWriterPool"/>; the descriptor itself may be closed by the pool while idle and is reopened by the
/// next <see cref="Pin"/> or <see cref="PinAsync"/>.
/// </summary>
internal sealed class WriterLease : IDisposable
{
    private readonly StreamWriterPool _pool;
    private readonly SharedWriter _shared;
    private bool _released;

    internal WriterLease(StreamWriterPool pool, SharedWriter shared)
    {
        _pool = pool;
        _shared = shared;
    }

    /// <summary>The stream directory.</summary>
    public string Directory => _shared.Directory;

    /// <summary>
    /// The writer as it is open now (reopened if the pool had closed it), not pinned: the pool may close it once idle.
    /// For tests and tools that set hooks on it; writes go through <see cref="PinAsync"/> or <see cref="Use{T}"/>.
    /// </summary>
    public EventWriter Writer
    {
        get
        {
            using var pin = Pin();
            return pin.Writer;
        }
    }

    /// <summary>See <see cref="SharedWriter.EntriesDurable"/>.</summary>
    public bool EntriesDurable
    {
        get => _shared.EntriesDurable;
        set => _shared.EntriesDurable = value;
    }

    /// <summary>Pins the writer (reopening it inline if the pool closed it): it stays open until the pin is disposed.</summary>
    public WriterPin Pin()
    {
        ObjectDisposedException.ThrowIf(_released, this);
        return _pool.Pin(_shared);
    }

    /// <summary>
    /// Pins the writer for a write: hold the pin until the write is flushed (the group commit's task completed). A
    /// writer the pool closed is reopened on the store's background threads, never on the caller's (grain) thread.
    /// </summary>
    public ValueTask<WriterPin> PinAsync()
    {
        ObjectDisposedException.ThrowIf(_released, this);
        return _pool.PinAsync(_shared);
    }

    /// <summary>Runs <paramref name="action"/> on the pinned writer, serialised with the writer's other holders.</summary>
    public T Use<T>(Func<EventWriter, T> action)
    {
        using var pin = Pin();
        lock (_shared.Sync)
        {
            return action(pin.Writer);
        }
    }

    /// <summary>Closes the writer after a failure (once no pin is left) and ends this lease; the next lease reopens it.</summary>
    public void Discard()
    {
        if (!_released)
        {
            _pool.Discard(_shared);
        }

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
