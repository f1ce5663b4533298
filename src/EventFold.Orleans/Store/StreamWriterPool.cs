namespace EventFold.Orleans.Store;

/// <summary>
/// The open <see cref="EventWriter"/>s of this silo, one per stream directory, shared by reference count and capped:
/// at most <see cref="MaxOpen"/> are open unless every open one is in use.
/// </summary>
/// <remarks>
/// <para>A writer holds the stream's exclusive file lock, so at most one exists per directory and process. The aggregate
/// holding a lease and anything else appending in-process (tools, tests) go through the same writer, whose
/// conditional appends then detect each other.</para>
/// <para>A lease keeps its stream's place in the pool, not necessarily an open descriptor: to open a writer beyond the
/// cap the pool closes the least recently used idle one, and its holder's next pin reopens it (the reopen settles the
/// tail, and the holder's conditional append checks offset and hash, so nothing written meanwhile is missed). A writer
/// is in use while pinned (<see cref="WriterPin"/>: an append until its flush completes, a rotation) or while it holds
/// written bytes that await their flush; such a writer is never closed, since closing it before the flush would void
/// the durability the flush is for. When every open writer is in use the cap is exceeded rather than making an append
/// wait (a wait could stall every command behind slow flushes and rotations): the excess is bounded by the appends and
/// rotations in flight and closed as their pins end.</para>
/// </remarks>
internal sealed class StreamWriterPool : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, SharedWriter> _streams = new(StringComparer.Ordinal);

    // Open and unpinned, least recently used first: the order writers are closed in.
    private readonly LinkedList<SharedWriter> _idle = new();
    private readonly EventWriterOptions _options;
    private readonly IoThreads? _io;

    // Open writers plus opens in progress (counted before the open, so descriptors never outnumber it).
    private int _open;
    private bool _disposed;

    /// <summary>Creates the pool.</summary>
    /// <param name="options">How writers are opened.</param>
    /// <param name="maxOpen">The cap on open writers (<c>EventFoldOptions.MaxOpenWriters</c>).</param>
    /// <param name="io">Threads that reopen closed writers for <see cref="PinAsync"/>, off grain turns; inline when <see langword="null"/>.</param>
    public StreamWriterPool(EventWriterOptions options, int maxOpen = int.MaxValue, IoThreads? io = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxOpen, 1);
        _options = options;
        MaxOpen = maxOpen;
        _io = io;
    }

    /// <summary>The cap on open writers.</summary>
    public int MaxOpen { get; }

    /// <summary>Test hook: writers open now (including opens in progress).</summary>
    internal int OpenCount
    {
        get
        {
            lock (_gate)
            {
                return _open;
            }
        }
    }

    /// <summary>Test hook: the most writers open at once.</summary>
    internal int PeakOpen { get; private set; }

    /// <summary>Test hook: how many writers were opened again after the pool closed them.</summary>
    internal long Reopens { get; private set; }

    /// <summary>Takes a lease on the writer of a stream directory and opens it. Throws <see cref="WriterLockedException"/> when another process holds it.</summary>
    /// <param name="directory">The stream directory.</param>
    /// <param name="deferEntrySyncs">
    /// Open without fsyncing created directories and files (Buffered open): the caller makes them durable with its first
    /// <c>syncfs</c> (see <see cref="SharedWriter.EntriesDurable"/>), so a new stream costs no extra flush.
    /// </param>
    /// <remarks>Opens of different directories run in parallel: the pool's lock only guards its tables, not the open.</remarks>
    /// <exception cref="OpenFileLimitException">No descriptor is left, even after closing the idle writers.</exception>
    public WriterLease Acquire(string directory, bool deferEntrySyncs = false)
    {
        SharedWriter shared;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_streams.TryGetValue(directory, out shared!))
            {
                var options = deferEntrySyncs ? new EventWriterOptions { Durability = Durability.Buffered, LockMode = _options.LockMode } : _options;
                shared = new SharedWriter(directory, options)
                {
                    EntriesDurable = !deferEntrySyncs && _options.Durability == Durability.Durable,
                };
                _streams.Add(directory, shared);
            }

            shared.References++;
        }

        var lease = new WriterLease(this, shared);
        try
        {
            // Opened now, so a stream that cannot be written (locked by another process, damaged) fails the lease.
            Pin(shared).Dispose();
        }
        catch
        {
            // A failed open is not cached: the next lease tries again.
            lease.Dispose();
            throw;
        }

        return lease;
    }

    /// <summary>Pins the writer, opening it inline when the pool closed it.</summary>
    internal WriterPin Pin(SharedWriter shared)
    {
        if (PinOpen(shared) is { } writer)
        {
            return new WriterPin(this, shared, writer);
        }

        return OpenPinned(shared);
    }

    /// <summary>Pins the writer; when the pool closed it, reopens it on the store's background threads (never on a grain turn).</summary>
    internal ValueTask<WriterPin> PinAsync(SharedWriter shared)
    {
        if (PinOpen(shared) is { } writer)
        {
            return ValueTask.FromResult(new WriterPin(this, shared, writer));
        }

        if (_io is null)
        {
            return ValueTask.FromResult(OpenPinned(shared));
        }

        try
        {
            return new ValueTask<WriterPin>(_io.RunAsync(() => OpenPinned(shared)));
        }
        catch
        {
            // The threads are gone (the store is stopping): the open never ran, so the pin is ours to end.
            Unpin(shared);
            throw;
        }
    }

    /// <summary>Ends a pin: the writer becomes the most recently used idle one, and the pool closes writers above the cap.</summary>
    internal void Unpin(SharedWriter shared)
    {
        lock (_gate)
        {
            if (--shared.Pins > 0)
            {
                return;
            }

            if (shared.References == 0 || shared.CloseWhenUnpinned || _disposed)
            {
                // Released or discarded while in use: what was deferred happens now.
                shared.CloseWhenUnpinned = false;
                Close(shared);
                RemoveIfUnused(shared);
                return;
            }

            if (shared.Current is not null)
            {
                _idle.AddLast(shared.IdleNode);
                CloseIdle(untilOpen: MaxOpen, atMost: int.MaxValue);
            }
        }
    }

    /// <summary>Closes a writer that failed, so the next pin reopens it (reopening repairs the tail).</summary>
    internal void Discard(SharedWriter shared)
    {
        lock (_gate)
        {
            if (shared.Pins > 0)
            {
                shared.CloseWhenUnpinned = true;
            }
            else
            {
                Close(shared);
            }
        }
    }

    /// <summary>Ends a lease; the last one closes the writer (once no pin is left).</summary>
    internal void Release(SharedWriter shared)
    {
        lock (_gate)
        {
            if (--shared.References > 0 || shared.Pins > 0)
            {
                return;
            }

            Close(shared);
            RemoveIfUnused(shared);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            foreach (var shared in _streams.Values)
            {
                Close(shared);
            }

            _streams.Clear();
        }
    }

    /// <summary>Pins; returns the writer when it is open, <see langword="null"/> when the caller must open it (still pinned).</summary>
    private EventWriter? PinOpen(SharedWriter shared)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (++shared.Pins == 1 && shared.IdleNode.List is not null)
            {
                _idle.Remove(shared.IdleNode);
            }

            return shared.Current;
        }
    }

    /// <summary>Opens the writer of a pinned entry (one open serves every pin waiting for it); unpins when the open fails.</summary>
    private WriterPin OpenPinned(SharedWriter shared)
    {
        try
        {
            lock (shared.OpenGate)
            {
                bool reopen;
                lock (_gate)
                {
                    ObjectDisposedException.ThrowIf(_disposed, this);
                    if (shared.Current is { } opened)
                    {
                        return new WriterPin(this, shared, opened);
                    }

                    // Room first: the new descriptor is counted before it exists.
                    _open++;
                    CloseIdle(untilOpen: MaxOpen, atMost: int.MaxValue);
                    PeakOpen = Math.Max(PeakOpen, _open);
                    reopen = shared.OpenedBefore;
                }

                EventWriter writer;
                try
                {
                    writer = OpenFreeingDescriptors(shared);
                }
                catch
                {
                    lock (_gate)
                    {
                        _open--;
                    }

                    throw;
                }

                lock (_gate)
                {
                    if (_disposed)
                    {
                        _open--;
                        writer.Dispose();
                        throw new ObjectDisposedException(nameof(StreamWriterPool));
                    }

                    shared.Current = writer;
                    shared.OpenedBefore = true;
                    Reopens += reopen ? 1 : 0;
                    return new WriterPin(this, shared, writer);
                }
            }
        }
        catch
        {
            Unpin(shared);
            throw;
        }
    }

    /// <summary>Opens the writer; when the process is out of descriptors, closes idle writers one by one and tries again.</summary>
    private EventWriter OpenFreeingDescriptors(SharedWriter shared)
    {
        while (true)
        {
            try
            {
                return EventWriter.Open(shared.Directory, shared.Options);
            }
            catch (Exception e) when (OpenFileLimit.IsReached(e))
            {
                lock (_gate)
                {
                    if (CloseIdle(untilOpen: 0, atMost: 1) == 0)
                    {
                        throw new OpenFileLimitException(shared.Directory, OpenFileLimit.Current() ?? -1, MaxOpen, _open - 1, e);
                    }
                }
            }
        }
    }

    /// <summary>Closes idle writers, least recently used first, while more than <paramref name="untilOpen"/> are open; returns how many.</summary>
    private int CloseIdle(int untilOpen, int atMost)
    {
        var closed = 0;
        var node = _idle.First;
        while (node is not null && _open > untilOpen && closed < atMost)
        {
            var next = node.Next;
            // Bytes written and not yet flushed make a writer in use even without a pin: closing would lose the flush.
            if (!node.Value.Current!.HasUnsynced)
            {
                Close(node.Value);
                closed++;
            }

            node = next;
        }

        return closed;
    }

    private void Close(SharedWriter shared)
    {
        if (shared.IdleNode.List is not null)
        {
            _idle.Remove(shared.IdleNode);
        }

        if (shared.Current is { } writer)
        {
            shared.Current = null;
            _open--;
            writer.Dispose();
        }
    }

    private void RemoveIfUnused(SharedWriter shared)
    {
        if (shared.References == 0 && shared.Pins == 0 && _streams.TryGetValue(shared.Directory, out var current) && ReferenceEquals(current, shared))
        {
            _streams.Remove(shared.Directory);
        }
    }
}
