using Microsoft.Win32.SafeHandles;

namespace EventFold.Orleans.Store;

/// <summary>
/// The store's list of streams: <c>&lt;base&gt;/meta/streams.jsonl</c>, one line per created stream, kept in
/// memory for listing.
/// </summary>
/// <remarks>
/// <para>Format: one compact JSON line per stream in the eventfold event line shape, readable with the same tools:
/// <c>{"type":"stream_created","data":{"aggregate_type":"order","id":"ord-42"},"ts":1764140000}</c>, where
/// <c>ts</c> is Unix seconds from the injected <see cref="TimeProvider"/>.</para>
/// <para>Durability: <see cref="EnsureRegisteredAsync(string, string, CancellationToken)"/> returns only after its line and LF, written in one
/// write, are flushed to disk; creating the <c>meta</c> directory or the file also fsyncs the parent directory.
/// With <see cref="Durability.Buffered"/> neither is fsynced: a power loss may drop recent lines (the store's start-up
/// reconciliation registers their streams again), never leave a half-written line that loads.
/// A crash mid-append leaves at most a torn last line, which is ignored when loading and cut off before the next
/// append, so the next line never gets glued onto it. Any other damaged line makes loading fail with
/// <see cref="CorruptRegistryException"/>.</para>
/// <para>Idempotency and ordering: a stream is recorded once, whoever asks and however often; listings are in
/// creation order without duplicates. All members are thread-safe.</para>
/// <para>Shared mode (several silos of one cluster on one host): every append takes an exclusive lock on the
/// file, reads what other processes appended since, and writes only if the stream is still missing, so no
/// stream is written twice. Listings show this process's view, brought up to date by every append and by
/// <see cref="RefreshAsync"/>. Without shared mode the registry keeps one handle open and assumes it is the
/// only writer (which <see cref="StoreDirectoryLock"/> ensures).</para>
/// </remarks>
public sealed class StreamRegistry : IDisposable
{
    /// <summary>How long an append in shared mode waits for other processes to release the file.</summary>
    public static TimeSpan DefaultLockTimeout { get; } = TimeSpan.FromSeconds(10);

    private readonly StorePaths _paths;
    private readonly TimeProvider _time;
    private readonly TimeSpan _lockTimeout;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Lock _sync = new();
    private readonly Dictionary<string, List<string>> _idsByType = new(StringComparer.Ordinal);
    private readonly HashSet<(string Type, string Id)> _known = [];
    private readonly List<string> _types = [];
    private SafeFileHandle? _handle;
    private long _committedLength;
    private bool _disposed;

    private StreamRegistry(StorePaths paths, bool shared, TimeProvider time, TimeSpan lockTimeout, Durability durability)
    {
        _paths = paths;
        IsShared = shared;
        _time = time;
        _lockTimeout = lockTimeout;
        Durability = durability;
    }

    /// <summary>Whether appended lines and created entries are fsynced (<see cref="Durability.Durable"/>) or left to the OS.</summary>
    public Durability Durability { get; }

    private bool IsDurable => Durability == Durability.Durable;

    /// <summary>Whether this registry coordinates with other processes writing the same file.</summary>
    public bool IsShared { get; }

    /// <summary>Full path of the registry file.</summary>
    public string FilePath => _paths.RegistryPath;

    /// <summary>Opens the registry of the store at <paramref name="paths"/>, creating it if needed, and loads it.</summary>
    /// <param name="paths">The store's paths.</param>
    /// <param name="shared">Whether other processes may append to the same registry (see remarks on the class).</param>
    /// <param name="time">Source of the <c>ts</c> written on each line, and of lock-retry delays.</param>
    /// <param name="ct">Cancels waiting for the file lock.</param>
    /// <returns>The loaded registry; dispose it to release the file.</returns>
    /// <exception cref="CorruptRegistryException">A line other than a torn last one is damaged.</exception>
    /// <exception cref="RegistryLockTimeoutException">Other processes held the file for longer than <see cref="DefaultLockTimeout"/>.</exception>
    public static Task<StreamRegistry> OpenAsync(StorePaths paths, bool shared, TimeProvider time, CancellationToken ct) =>
        OpenAsync(paths, shared, Durability.Durable, time, ct);

    /// <summary>Opens the registry with the given durability; see <see cref="OpenAsync(StorePaths, bool, TimeProvider, CancellationToken)"/>.</summary>
    /// <param name="paths">The store's paths.</param>
    /// <param name="shared">Whether other processes may append to the same registry.</param>
    /// <param name="durability"><see cref="Durability.Buffered"/> fsyncs neither lines nor the created file and directory.</param>
    /// <param name="time">Source of the <c>ts</c> written on each line, and of lock-retry delays.</param>
    /// <param name="ct">Cancels waiting for the file lock.</param>
    /// <returns>The loaded registry; dispose it to release the file.</returns>
    /// <exception cref="CorruptRegistryException">A line other than a torn last one is damaged.</exception>
    /// <exception cref="RegistryLockTimeoutException">Other processes held the file for longer than <see cref="DefaultLockTimeout"/>.</exception>
    public static Task<StreamRegistry> OpenAsync(StorePaths paths, bool shared, Durability durability, TimeProvider time, CancellationToken ct) =>
        OpenAsync(paths, shared, time, DefaultLockTimeout, ct, durability);

    internal static async Task<StreamRegistry> OpenAsync(
        StorePaths paths, bool shared, TimeProvider time, TimeSpan lockTimeout, CancellationToken ct, Durability durability = Durability.Durable)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(time);
        var registry = new StreamRegistry(paths, shared, time, lockTimeout, durability);
        DirectorySync.CreateDirectory(paths.MetaDirectory, registry.IsDurable);
        var handle = await registry.OpenFileAsync(ct).ConfigureAwait(false);
        try
        {
            registry.Load(handle);
        }
        catch
        {
            handle.Dispose();
            throw;
        }

        if (shared)
        {
            handle.Dispose();
        }
        else
        {
            registry._handle = handle;
        }

        return registry;
    }

    /// <summary>Whether this registry was opened with <see cref="OpenReadOnly"/>: it lists, and never writes.</summary>
    public bool IsReadOnly { get; private init; }

    /// <summary>Loads the registry for listing only: nothing is created, locked or written (a missing file lists nothing).</summary>
    /// <param name="paths">The store's paths.</param>
    /// <param name="time">Unused for reading; kept for symmetry with <see cref="OpenAsync(StorePaths, bool, TimeProvider, CancellationToken)"/>.</param>
    /// <returns>The loaded registry; <see cref="EnsureRegisteredAsync(string, string, CancellationToken)"/> on it throws.</returns>
    /// <exception cref="CorruptRegistryException">A line other than a torn last one is damaged.</exception>
    public static StreamRegistry OpenReadOnly(StorePaths paths, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(time);
        var registry = new StreamRegistry(paths, shared: true, time, DefaultLockTimeout, Durability.Buffered) { IsReadOnly = true };
        registry.LoadReadOnly();
        return registry;
    }

    /// <summary>Records that the stream exists, unless it is already recorded.</summary>
    /// <param name="aggregateType">A valid aggregate type name.</param>
    /// <param name="id">The stream instance id.</param>
    /// <param name="ct">Cancels waiting; once the line is being written it is finished.</param>
    /// <returns><see langword="true"/> if this call wrote the line; <see langword="false"/> if the stream was already recorded.</returns>
    /// <remarks>When this returns, the record is on disk. Concurrent calls for one stream write one line.</remarks>
    /// <exception cref="InvalidAggregateTypeException">The type name is invalid.</exception>
    /// <exception cref="InvalidStreamIdException">The id cannot be stored.</exception>
    /// <exception cref="RegistryLockTimeoutException">Shared mode: other processes held the file too long.</exception>
    public Task<bool> EnsureRegisteredAsync(string aggregateType, string id, CancellationToken ct) =>
        EnsureRegisteredAsync(aggregateType, id, flushLine: true, ct);

    /// <summary><see cref="EnsureRegisteredAsync(string, string, CancellationToken)"/>, optionally without flushing the line.</summary>
    /// <param name="aggregateType">A valid aggregate type name.</param>
    /// <param name="id">The stream instance id.</param>
    /// <param name="flushLine">
    /// <see langword="false"/>: the caller makes the line durable with its own next <c>syncfs</c> (a new stream's first
    /// durable append), so a new stream does not pay a flush of its own for its line. A line lost before that flush
    /// belongs to a stream without durable events, which is hidden anyway (and re-registered at start if it has any).
    /// </param>
    /// <param name="ct">Cancels waiting; once the line is being written it is finished.</param>
    internal async Task<bool> EnsureRegisteredAsync(string aggregateType, string id, bool flushLine, CancellationToken ct)
    {
        AggregateTypeName.Validate(aggregateType);
        StreamIdEncoding.Encode(id);
        if (IsRegistered(aggregateType, id))
        {
            return false;
        }

        if (IsReadOnly)
        {
            throw new InvalidOperationException($"The stream registry \"{FilePath}\" was opened read-only; {aggregateType}/{id} cannot be registered.");
        }

        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var handle = _handle ?? await OpenFileAsync(ct).ConfigureAwait(false);
            try
            {
                if (IsShared)
                {
                    Load(handle);
                }

                if (IsRegistered(aggregateType, id))
                {
                    return false;
                }

                var timestamp = (ulong)Math.Max(0, _time.GetUtcNow().ToUnixTimeSeconds());
                Append(handle, new RegistryRecord(aggregateType, id, timestamp), flushLine);
                return true;
            }
            finally
            {
                if (handle != _handle)
                {
                    handle.Dispose();
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Reads lines other processes appended since this registry last read the file.</summary>
    /// <param name="ct">Cancels waiting for the file lock.</param>
    /// <returns>A task that completes when the in-memory view is up to date with the file.</returns>
    /// <remarks>Only useful in shared mode; otherwise this process is the only writer and the view is always current.</remarks>
    public async Task RefreshAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (IsReadOnly)
            {
                LoadReadOnly();
            }
            else if (IsShared)
            {
                using var handle = await OpenFileAsync(ct).ConfigureAwait(false);
                Load(handle);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Whether the stream is recorded (in this process's view).</summary>
    /// <param name="aggregateType">A valid aggregate type name.</param>
    /// <param name="id">The stream instance id.</param>
    /// <returns><see langword="true"/> if the stream is recorded.</returns>
    public bool IsRegistered(string aggregateType, string id)
    {
        lock (_sync)
        {
            return _known.Contains((aggregateType, id));
        }
    }

    /// <summary>The ids of the streams of one aggregate type, in creation order, without duplicates.</summary>
    /// <param name="aggregateType">A valid aggregate type name.</param>
    /// <returns>A snapshot; empty if the type has no streams.</returns>
    /// <exception cref="InvalidAggregateTypeException">The type name is invalid.</exception>
    public IReadOnlyList<string> ListIds(string aggregateType)
    {
        AggregateTypeName.Validate(aggregateType);
        lock (_sync)
        {
            return _idsByType.TryGetValue(aggregateType, out var ids) ? [.. ids] : [];
        }
    }

    /// <summary>The aggregate types that have at least one stream, in order of their first stream's creation.</summary>
    /// <returns>A snapshot.</returns>
    public IReadOnlyList<string> ListAggregateTypes()
    {
        lock (_sync)
        {
            return [.. _types];
        }
    }

    /// <summary>Closes the registry file. Appends still in progress finish first.</summary>
    public void Dispose()
    {
        _gate.Wait();
        try
        {
            _disposed = true;
            _handle?.Dispose();
            _handle = null;
        }
        finally
        {
            _gate.Release();
        }
    }

    // Shared mode locks the file exclusively for each use; otherwise the one long-lived handle takes a
    // shared lock, which lets readers in but keeps a shared-mode writer out.
    private async Task<SafeFileHandle> OpenFileAsync(CancellationToken ct)
    {
        var created = !File.Exists(_paths.RegistryPath);
        var path = _paths.RegistryPath;
        var handle = await FileLock.OpenWithRetryAsync(
            path, FileAccess.ReadWrite, IsShared ? FileLockKind.Exclusive : FileLockKind.Shared, bestEffort: true,
            _lockTimeout, _time, (waited, conflict) => new RegistryLockTimeoutException(path, waited, conflict), ct).ConfigureAwait(false);
        if (created && IsDurable)
        {
            DirectorySync.Flush(_paths.MetaDirectory);
        }

        return handle;
    }

    /// <summary>Adds a stream to this process's listing without writing a line (read-only stores rebuilding a lost registry in memory).</summary>
    internal void RememberUnwritten(string aggregateType, string id)
    {
        lock (_sync)
        {
            Remember(new RegistryRecord(aggregateType, id, 0));
        }
    }

    // Without any lock or write access: lines are appended whole, and a torn last one is ignored like at every load.
    private void LoadReadOnly()
    {
        if (!File.Exists(_paths.RegistryPath))
        {
            return;
        }

        using var handle = LogInspection.OpenReadHandleNoLock(_paths.RegistryPath);
        Load(handle);
    }

    private void Load(SafeFileHandle handle)
    {
        var records = RegistryTail.Read(handle, _paths.RegistryPath, _committedLength, out var committedEnd);
        lock (_sync)
        {
            foreach (var record in records)
            {
                Remember(record);
            }
        }

        _committedLength = committedEnd;
    }

    private void Append(SafeFileHandle handle, RegistryRecord record, bool flushLine)
    {
        if (RandomAccess.GetLength(handle) > _committedLength)
        {
            // A torn tail from a crashed append; cut it off durably first so the new line starts on a line start.
            RandomAccess.SetLength(handle, _committedLength);
            DurableFile.FlushToDisk(handle, _paths.RegistryPath);
        }

        var line = record.ToLine();
        RandomAccess.Write(handle, line, _committedLength);
        if (IsDurable && flushLine)
        {
            DurableFile.FlushToDisk(handle, _paths.RegistryPath);
        }

        _committedLength += line.Length;
        lock (_sync)
        {
            Remember(record);
        }
    }

    private void Remember(RegistryRecord record)
    {
        if (!_known.Add((record.AggregateType, record.Id)))
        {
            return;
        }

        if (!_idsByType.TryGetValue(record.AggregateType, out var ids))
        {
            ids = [];
            _idsByType.Add(record.AggregateType, ids);
            _types.Add(record.AggregateType);
        }

        ids.Add(record.Id);
    }
}
