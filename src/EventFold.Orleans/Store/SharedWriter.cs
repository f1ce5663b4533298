namespace EventFold.Orleans.Store;

/// <summary>
/// One stream directory's place in the <see cref="StreamWriterPool"/>: its holders, its pins and its writer, which the
/// pool may close while nobody pins it and reopens on the next pin.
/// </summary>
/// <remarks>Everything but <see cref="Sync"/> and <see cref="OpenGate"/> is guarded by the pool's lock.</remarks>
internal sealed class SharedWriter
{
    public SharedWriter(string directory, EventWriterOptions options)
    {
        Directory = directory;
        Options = options;
        IdleNode = new LinkedListNode<SharedWriter>(this);
    }

    public string Directory { get; }

    /// <summary>How the writer was first opened; every reopen uses the same (a deferred open stays deferred).</summary>
    public EventWriterOptions Options { get; }

    /// <summary>The open writer, or <see langword="null"/> while closed (never opened, closed by the pool, or discarded).</summary>
    public EventWriter? Current { get; set; }

    /// <summary>Whether the writer was opened before: the next open is a reopen.</summary>
    public bool OpenedBefore { get; set; }

    /// <summary>
    /// Whether the stream's directory entries are known durable: opened durably, or a <c>syncfs</c> ran since a
    /// deferred open. Until then a durable append must flush the whole file system, not only the log file. A property
    /// of the directory, not of the descriptor: it survives the pool closing and reopening the writer.
    /// </summary>
    public bool EntriesDurable { get; set; }

    /// <summary>Leases held on this stream; at 0 (and no pin) the entry leaves the pool and its writer closes.</summary>
    public int References { get; set; }

    /// <summary>Uses in flight (an append until its flush, a rotation): while above 0 the writer is never closed.</summary>
    public int Pins { get; set; }

    /// <summary>A holder discarded the writer (it failed) while it was pinned: close it when the last pin ends.</summary>
    public bool CloseWhenUnpinned { get; set; }

    /// <summary>This entry's node in the pool's list of idle open writers (in that list only while open and unpinned).</summary>
    public LinkedListNode<SharedWriter> IdleNode { get; }

    /// <summary>Serialises <see cref="WriterLease.Use{T}"/> callers.</summary>
    public Lock Sync { get; } = new();

    /// <summary>Held while the writer is being opened, so one open serves every pin waiting for it.</summary>
    public Lock OpenGate { get; } = new();
}
