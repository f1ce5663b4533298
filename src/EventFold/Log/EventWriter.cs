using Microsoft.Win32.SafeHandles;

namespace EventFold;

/// <summary>The single appender of one log directory, holding its writer lock for its lifetime.</summary>
/// <remarks>
/// <para>
/// Byte-compatible with the Rust eventfold crate: same files, same lines, same hashes, and the same
/// <c>flock(LOCK_EX|LOCK_NB)</c> on <c>app.jsonl</c>, so a C# and a Rust writer exclude each other.
/// </para>
/// <para>
/// Guarantees beyond Rust: an append or batch is one write call and (with <see cref="Durability.Durable"/>) flushed
/// before returning; a torn tail (partial line or unfinished batch) left by a crash is removed at open; a failed write
/// is truncated back; a freshly created log directory is fsynced so acknowledged events of a new stream survive power
/// loss; conditional appends hash whole lines of any length. All members are thread-safe.
/// </para>
/// </remarks>
public sealed class EventWriter : IDisposable
{
    private readonly Lock _gate = new();
    private readonly ActiveLogFile _file;
    private readonly LockMode _lockMode;
    private readonly ByteBuffer _buffer = new(4096);
    private bool _disposed;

    private EventWriter(string directory, ActiveLogFile file, LockMode lockMode, IReadOnlyList<string> created)
    {
        Directory = directory;
        LogPath = LogPaths.Log(directory);
        ArchivePath = LogPaths.Archive(directory);
        ViewsDirectory = LogPaths.Views(directory);
        _file = file;
        _lockMode = lockMode;
        DurablyCreated = created;
        Reader = new EventReader(directory);
    }

    /// <summary>The log directory (full path).</summary>
    public string Directory { get; }

    /// <summary>Path of <c>app.jsonl</c>.</summary>
    public string LogPath { get; }

    /// <summary>Path of <c>archive.jsonl.zst</c>.</summary>
    public string ArchivePath { get; }

    /// <summary>Path of the <c>views</c> snapshot directory.</summary>
    public string ViewsDirectory { get; }

    /// <summary>End of the last complete line: where the next append starts. Authoritative while the lock is held.</summary>
    public long ActiveLogSize
    {
        get
        {
            lock (_gate)
            {
                return _file.End;
            }
        }
    }

    /// <summary>Hash of the last line of <c>app.jsonl</c>; <c>""</c> when it is empty.</summary>
    public string LastLineHash
    {
        get
        {
            lock (_gate)
            {
                return _file.LastHash;
            }
        }
    }

    /// <summary>Bytes removed from the end of <c>app.jsonl</c> by torn-tail repair at open (0 normally).</summary>
    public long RepairedBytes { get; private set; }

    /// <summary>A reader of the same directory.</summary>
    public EventReader Reader { get; }

    /// <summary>The locked read/write handle of <c>app.jsonl</c> (for rotation).</summary>
    internal SafeFileHandle Handle => _file.Handle;

    /// <summary>Test seam: runs after the bytes were written and before the flush; may throw to simulate a failed write.</summary>
    internal Action<long>? AfterWriteForTesting
    {
        get => _file.AfterWriteForTesting;
        set => _file.AfterWriteForTesting = value;
    }

    /// <summary>Paths this open created (directories and <c>app.jsonl</c>), outermost first; made durable unless <see cref="Durability.Buffered"/>.</summary>
    internal IReadOnlyList<string> DurablyCreated { get; }

    /// <summary>Opens (creating if needed) the log in <paramref name="directory"/> for appending.</summary>
    /// <param name="directory">The log directory.</param>
    /// <param name="options">Durability and lock mode; defaults when <see langword="null"/>.</param>
    /// <returns>The writer, holding the lock until disposed.</returns>
    /// <remarks>
    /// Creates <c>D</c>, <c>D/views</c> and <c>D/app.jsonl</c> as needed. With <see cref="Durability.Durable"/> it fsyncs
    /// each created entry and its parent directory (the Rust crate does not), and fsyncs <c>D</c> and its parent once
    /// per process even when they exist, since the process that created them may have crashed before its fsync;
    /// <see cref="Durability.Buffered"/> fsyncs nothing. Takes the writer lock without blocking, settles an interrupted
    /// rotation, then settles the tail durably: a final event line that lacks only its LF is completed, a torn tail
    /// (partial line or unfinished batch) is removed (see <see cref="RepairedBytes"/>). Never creates a fresh
    /// <c>app.jsonl</c> next to an existing archive: that would restart the history from nothing.
    /// </remarks>
    /// <exception cref="WriterLockedException">Another writer holds the lock.</exception>
    /// <exception cref="CorruptArchiveException">An interrupted rotation left a state that cannot be settled.</exception>
    /// <exception cref="CorruptLogException">
    /// <c>app.jsonl</c> is missing (or not a file) while <c>archive.jsonl.zst</c> exists; or the tail looks torn but a
    /// snapshot in <c>views/</c> covers it (an acknowledged line was damaged). Nothing was changed.
    /// </exception>
    public static EventWriter Open(string directory, EventWriterOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        options ??= new EventWriterOptions();
        string fullPath = Path.GetFullPath(directory);
        bool durable = options.Durability == Durability.Durable;
        var created = new List<string>();
        LogDirectory.Create(LogPaths.Views(fullPath), created, durable);
        string logPath = LogPaths.Log(fullPath);
        bool existed = File.Exists(logPath);
        if (!existed)
        {
            MissingActiveLog.ThrowIfHistoryExists(fullPath);
        }

        var file = ActiveLogFile.Open(fullPath, logPath, options.LockMode, options.Durability);
        var writer = new EventWriter(fullPath, file, options.LockMode, created);
        try
        {
            if (!existed)
            {
                if (durable)
                {
                    LogDirectory.MakeCreatedFileDurable(file, fullPath);
                }

                created.Add(logPath);
            }

            if (durable)
            {
                // Entries made by an earlier (maybe crashed) process: durable before this writer relies on them.
                LogDirectory.EnsureDurable(fullPath);
                LogDirectory.EnsureDurable(Path.GetDirectoryName(fullPath)!);
            }

            RotationJournal.Recover(fullPath);
            writer.RepairedBytes = file.RepairAndLoad(writer.ViewsDirectory);
            return writer;
        }
        catch
        {
            writer.Dispose();
            throw;
        }
    }

    /// <summary>Appends one event.</summary>
    /// <param name="e">The event.</param>
    /// <returns>Where it landed and the hash of its line.</returns>
    /// <exception cref="AppendFailedException">The write or flush failed; nothing was appended.</exception>
    public AppendResult Append(Event e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return AppendCore([e], null, null);
    }

    /// <summary>Appends events as one atomic batch: one write, one flush.</summary>
    /// <param name="events">The events, in order. An empty list writes nothing and returns the current version.</param>
    /// <returns>Start of the first line, end of the last, hash of the last.</returns>
    /// <remarks>
    /// Readers of this library see all of the batch or none of it, also after a crash mid-write (the torn batch is
    /// removed at the next open). Readers that ignore the <c>batch_rest</c> framing key (the Rust crate) may see a
    /// prefix of a torn batch until the next C# writer open repairs it.
    /// </remarks>
    /// <exception cref="AppendFailedException">The write or flush failed; nothing was appended.</exception>
    public AppendResult AppendBatch(IReadOnlyList<Event> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        return AppendCore(events, null, null);
    }

    /// <summary>Appends one event only if the log is still at the expected version.</summary>
    /// <param name="e">The event.</param>
    /// <param name="expectedOffset">The end offset the caller last saw.</param>
    /// <param name="expectedHash">The last-line hash the caller last saw (not checked when <paramref name="expectedOffset"/> is 0; use <c>""</c>).</param>
    /// <returns>Where it landed.</returns>
    /// <remarks>
    /// Same algorithm as the Rust crate (size equality, then last-line hash), except that the hash covers whole lines of
    /// any length (Rust hashes only the last 8 KiB of a line and so always conflicts after a longer one).
    /// </remarks>
    /// <exception cref="AppendConflictException">The log is at another version; nothing was written.</exception>
    /// <exception cref="AppendFailedException">The write or flush failed; nothing was appended.</exception>
    public AppendResult AppendIf(Event e, long expectedOffset, string expectedHash)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(expectedHash);
        return AppendCore([e], expectedOffset, expectedHash);
    }

    /// <summary>Appends a batch only if the log is still at the expected version; see <see cref="AppendIf"/> and <see cref="AppendBatch"/>.</summary>
    /// <param name="events">The events.</param>
    /// <param name="expectedOffset">The end offset the caller last saw.</param>
    /// <param name="expectedHash">The last-line hash the caller last saw.</param>
    /// <returns>Start of the first line, end of the last, hash of the last.</returns>
    /// <exception cref="AppendConflictException">The log is at another version; nothing was written.</exception>
    /// <exception cref="AppendFailedException">The write or flush failed; nothing was appended.</exception>
    public AppendResult AppendBatchIf(IReadOnlyList<Event> events, long expectedOffset, string expectedHash)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(expectedHash);
        return AppendCore(events, expectedOffset, expectedHash);
    }

    /// <summary>
    /// Appends several batches in ONE write call, only if the log is still at the expected version; each batch keeps
    /// its own framing, so each stays all-or-nothing in the file (several commands' events written together).
    /// </summary>
    /// <param name="batches">The batches, in order; none may be empty.</param>
    /// <param name="expectedOffset">The end offset the caller last saw.</param>
    /// <param name="expectedHash">The last-line hash the caller last saw.</param>
    /// <param name="durability">
    /// For this call, whatever the writer's options: <see cref="Durability.Durable"/> flushes once after the write;
    /// <see cref="Durability.Buffered"/> leaves the bytes to the OS. To share one flush among several logs, use a
    /// <see cref="GroupCommitter"/>.
    /// </param>
    /// <returns>One result per batch: its start, its end and the hash of its last line.</returns>
    /// <exception cref="AppendConflictException">The log is at another version; nothing was written.</exception>
    /// <exception cref="AppendFailedException">The write or flush failed; nothing was appended (a failed flush faults the writer).</exception>
    public AppendResult[] AppendBatchesIf(IReadOnlyList<IReadOnlyList<Event>> batches, long expectedOffset, string expectedHash, Durability durability)
    {
        BatchFraming.ThrowIfAnyEmpty(batches, nameof(batches));
        ArgumentNullException.ThrowIfNull(expectedHash);

        lock (_gate)
        {
            var durable = durability == Durability.Durable;
            var results = WriteBatchesUnsynced(batches, expectedOffset, expectedHash, durable);
            if (durable)
            {
                _file.SyncUnsynced();
            }

            return results;
        }
    }

    /// <summary>Flushes written events to stable storage now (for <see cref="Durability.Buffered"/>).</summary>
    /// <exception cref="AppendFailedException">The flush failed; the writer is faulted until reopened.</exception>
    public void Flush()
    {
        lock (_gate)
        {
            ThrowIfUnusable();
            _file.Flush();
        }
    }

    /// <summary>
    /// Archives the active log: refreshes <paramref name="views"/>, appends <c>app.jsonl</c> to the archive as one zstd
    /// frame, truncates it, and resets the views to offset 0.
    /// </summary>
    /// <param name="views">Views to keep in step, or <see langword="null"/>.</param>
    /// <returns><see langword="false"/> when the active log was empty (nothing archived).</returns>
    /// <remarks>
    /// Holds the writer's gate for the whole rotation, so no append interleaves. Crash-safe without duplicates (a
    /// rotation journal settled at the next open); the Rust crate duplicates events if it crashes between archiving and
    /// truncating. Offsets restart at 0 afterwards; versions taken before the rotation no longer match.
    /// </remarks>
    public bool Rotate(IEnumerable<IView>? views = null)
    {
        lock (_gate)
        {
            ThrowIfUnusable();
            return LogRotation.Rotate(this, views);
        }
    }

    /// <summary>Releases the writer lock and closes the file.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                _disposed = true;
                _file.Dispose();
            }
        }
    }

    /// <summary>
    /// Group commit, first half: appends several batches in ONE write call, only if the log is still at the expected
    /// version, without flushing. Each batch keeps its own <c>batch_rest</c> framing, so each stays all-or-nothing in the
    /// file. The caller must then call <see cref="SyncUnsynced"/>, or flush the file system and call
    /// <see cref="MarkSynced"/> (or <see cref="FailUnsynced"/> when that flush failed) before acknowledging anything.
    /// </summary>
    /// <param name="batches">The batches, in order; none may be empty.</param>
    /// <param name="expectedOffset">The end offset the caller last saw.</param>
    /// <param name="expectedHash">The last-line hash the caller last saw.</param>
    /// <param name="durable">
    /// <see langword="true"/>: the bytes are tracked until flushed (and cut off if that flush fails);
    /// <see langword="false"/>: a buffered append, acknowledged as soon as this returns.
    /// </param>
    /// <returns>One result per batch: its start, its end and the hash of its last line.</returns>
    /// <exception cref="AppendConflictException">The log is at another version; nothing was written.</exception>
    /// <exception cref="AppendFailedException">The write failed; nothing was appended.</exception>
    internal AppendResult[] WriteBatchesUnsynced(IReadOnlyList<IReadOnlyList<Event>> batches, long expectedOffset, string expectedHash, bool durable = true)
    {
        lock (_gate)
        {
            ThrowIfUnusable();
            if (_lockMode == LockMode.None)
            {
                _file.SyncWithDisk();
            }

            if (expectedOffset != _file.End)
            {
                throw new AppendConflictException(expectedOffset, _file.End, expectedHash, null);
            }

            if (expectedOffset > 0 && !string.Equals(expectedHash, _file.LastHash, StringComparison.Ordinal))
            {
                throw new AppendConflictException(expectedOffset, _file.End, expectedHash, _file.LastHash);
            }

            try
            {
                _buffer.Clear();
                var ends = new (int End, string Hash)[batches.Count];
                for (int i = 0; i < batches.Count; i++)
                {
                    string hash = BatchFraming.EncodeAppend(_buffer, batches[i]);
                    ends[i] = (_buffer.Length, hash);
                }

                long start = _file.AppendUnsynced(_buffer.Span, ends[^1].Hash, track: durable);
                var results = new AppendResult[batches.Count];
                long batchStart = start;
                for (int i = 0; i < ends.Length; i++)
                {
                    results[i] = new AppendResult(batchStart, start + ends[i].End, ends[i].Hash);
                    batchStart = start + ends[i].End;
                }

                return results;
            }
            finally
            {
                _buffer.Reset(maxRetained: 1 << 20);
            }
        }
    }

    /// <summary>
    /// Whether bytes written for a <see cref="GroupCommitter"/> still wait for their flush: disposing the writer now
    /// would leave them without the durability their commit promises.
    /// </summary>
    public bool HasUnsynced
    {
        get
        {
            lock (_gate)
            {
                return _file.UnsyncedFrom >= 0;
            }
        }
    }

    /// <summary>Group commit, second half (per file): flushes what <see cref="WriteBatchesUnsynced"/> wrote.</summary>
    /// <exception cref="AppendFailedException">The flush failed: the unsynced batches were removed and the writer is faulted.</exception>
    internal void SyncUnsynced()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _file.SyncUnsynced();
        }
    }

    /// <summary>Group commit, second half (file system): a <c>syncfs</c> made the unsynced batches durable.</summary>
    internal void MarkSynced()
    {
        lock (_gate)
        {
            _file.MarkSynced();
        }
    }

    /// <summary>Group commit: the flush covering the unsynced batches failed; they are removed and the writer is faulted.</summary>
    internal void FailUnsynced()
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                _file.FailUnsynced();
            }
        }
    }

    /// <summary>Empties <c>app.jsonl</c> in place (same file, lock kept) durably; used by rotation.</summary>
    internal void TruncateActiveLog()
    {
        lock (_gate)
        {
            ThrowIfUnusable();
            _file.TruncateToZero();
        }
    }

    private AppendResult AppendCore(IReadOnlyList<Event> events, long? expectedOffset, string? expectedHash)
    {
        lock (_gate)
        {
            ThrowIfUnusable();
            if (_lockMode == LockMode.None)
            {
                _file.SyncWithDisk();
            }

            if (expectedOffset is { } expected)
            {
                if (expected != _file.End)
                {
                    throw new AppendConflictException(expected, _file.End, expectedHash!, null);
                }

                if (expected > 0 && !string.Equals(expectedHash, _file.LastHash, StringComparison.Ordinal))
                {
                    throw new AppendConflictException(expected, _file.End, expectedHash!, _file.LastHash);
                }
            }

            if (events.Count == 0)
            {
                return new AppendResult(_file.End, _file.End, _file.LastHash);
            }

            try
            {
                string hash = BatchFraming.Encode(_buffer, events);
                long start = _file.Append(_buffer.Span, hash);
                return new AppendResult(start, _file.End, hash);
            }
            finally
            {
                _buffer.Reset(maxRetained: 1 << 20);
            }
        }
    }

    private void ThrowIfUnusable()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_file.Faulted)
        {
            throw new EventFoldException($"the writer of '{LogPath}' is faulted after a failed write; reopen it");
        }
    }
}
