namespace EventFold.Orleans.Store;

/// <summary>
/// A use of a stream's writer in flight: while pinned, the pool never closes the writer. Hold it from before the write
/// until the write is flushed (a group commit's task has completed); dispose it then.
/// </summary>
internal sealed class WriterPin : IDisposable
{
    private readonly StreamWriterPool _pool;
    private readonly SharedWriter _shared;
    private int _released;

    internal WriterPin(StreamWriterPool pool, SharedWriter shared, EventWriter writer)
    {
        _pool = pool;
        _shared = shared;
        Writer = writer;
    }

    /// <summary>The open writer; valid until this pin is disposed.</summary>
    public EventWriter Writer { get; }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            _pool.Unpin(_shared);
        }
    }
}
