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
    /// <param name="directory">The stream directory.</param>
    /// <param name="deferEntrySyncs">
    /// Open without fsyncing created directories and files (Buffered open): the caller makes them durable with its first
    /// <c>syncfs</c> (see <see cref="SharedWriter.EntriesDurable"/>), so a new stream costs no extra flush.
    /// </param>
    /// <remarks>Opens of different directories run in parallel: the pool's lock only guards the table, not the open.</remarks>
    public WriterLease Acquire(string directory, bool deferEntrySyncs = false)
    {
        SharedWriter shared;
        lock (_open)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_open.TryGetValue(directory, out shared!))
            {
                var options = deferEntrySyncs ? new EventWriterOptions { Durability = Durability.Buffered, LockMode = _options.LockMode } : _options;
                shared = new SharedWriter(directory, new Lazy<EventWriter>(() => EventWriter.Open(directory, options)))
                {
                    EntriesDurable = !deferEntrySyncs && _options.Durability == Durability.Durable,
                };
                _open.Add(directory, shared);
            }

            shared.References++;
        }

        try
        {
            _ = shared.Writer;
        }
        catch
        {
            // A failed open is not cached: the next lease tries again.
            lock (_open)
            {
                shared.References--;
                if (_open.TryGetValue(directory, out var current) && ReferenceEquals(current, shared))
                {
                    _open.Remove(directory);
                }
            }

            throw;
        }

        return new WriterLease(this, shared);
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

            shared.Close();
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

            shared.Close();
        }
    }

    public void Dispose()
    {
        lock (_open)
        {
            _disposed = true;
            foreach (var shared in _open.Values)
            {
                shared.Close();
            }

            _open.Clear();
        }
    }

    /// <summary>One open writer and its holders.</summary>
    internal sealed class SharedWriter(string directory, Lazy<EventWriter> writer)
    {
        public string Directory { get; } = directory;

        /// <summary>The writer, opened by the first holder that asks (outside the pool's lock).</summary>
        public EventWriter Writer => writer.Value;

        /// <summary>
        /// Whether the stream's directory entries are known durable: opened durably, or a <c>syncfs</c> ran since a
        /// deferred open. Until then a durable append must flush the whole file system, not only the log file.
        /// </summary>
        public bool EntriesDurable { get; set; }

        /// <summary>Closes the writer if it was opened.</summary>
        public void Close()
        {
            if (writer.IsValueCreated)
            {
                writer.Value.Dispose();
            }
        }

        public Lock Sync { get; } = new();

        public int References { get; set; }
    }
}
