namespace EventFold.Orleans.Store;

/// <summary>
/// The open <see cref="EventWriter"/>s of this silo, one per stream directory, shared by reference count.
/// </summary>
/// <remarks>
/// A writer holds the stream's exclusive file lock, so at most one exists per directory and process. The aggregate
/// holding a lease and anything else appending in-process (tools, tests) go through the same writer, whose
/// conditional appends then detect each other.
/// </remarks>
internal sealed class StreamWriterPool : IDisposable
{
    private readonly Dictionary<string, SharedWriter> _open = new(StringComparer.Ordinal);
    private readonly EventWriterOptions _options;
    private bool _disposed;

    public StreamWriterPool(EventWriterOptions options) => _options = options;

    /// <summary>Opens (or shares) the writer of a stream directory. Throws <see cref="WriterLockedException"/> when another process holds it.</summary>
    public WriterLease Acquire(string directory)
    {
        lock (_open)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_open.TryGetValue(directory, out var shared))
            {
                shared = new SharedWriter(directory, EventWriter.Open(directory, _options));
                _open.Add(directory, shared);
            }

            shared.References++;
            return new WriterLease(this, shared);
        }
    }

    /// <summary>Closes a writer that failed, so the next lease reopens it (reopening repairs the tail).</summary>
    internal void Discard(SharedWriter shared)
    {
        lock (_open)
        {
            if (_open.TryGetValue(shared.Directory, out var current) && ReferenceEquals(current, shared))
            {
                _open.Remove(shared.Directory);
            }

            shared.Writer.Dispose();
        }
    }

    internal void Release(SharedWriter shared)
    {
        lock (_open)
        {
            if (--shared.References > 0)
            {
                return;
            }

            if (_open.TryGetValue(shared.Directory, out var current) && ReferenceEquals(current, shared))
            {
                _open.Remove(shared.Directory);
            }

            shared.Writer.Dispose();
        }
    }

    public void Dispose()
    {
        lock (_open)
        {
            _disposed = true;
            foreach (var shared in _open.Values)
            {
                shared.Writer.Dispose();
            }

            _open.Clear();
        }
    }

    /// <summary>One open writer and its holders.</summary>
    internal sealed class SharedWriter(string directory, EventWriter writer)
    {
        public string Directory { get; } = directory;

        public EventWriter Writer { get; } = writer;

        public Lock Sync { get; } = new();

        public int References { get; set; }
    }
}
