using EventFold.Orleans.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EventFold.Orleans.Store;

/// <summary>
/// One store directory as the silo uses it: the layout, the stream registry, the store lock and the open writers.
/// </summary>
/// <remarks>
/// Layout: <c>&lt;base&gt;/streams/&lt;aggregate-type&gt;/&lt;encoded-id&gt;/</c> (a plain eventfold log per aggregate
/// instance) and <c>&lt;base&gt;/meta/streams.jsonl</c> (the registry). By default one process owns the directory;
/// with <see cref="EventFoldOptions.SharedByClusterSilos"/> the silos of one host share it.
/// </remarks>
public sealed class EventFoldStore : IAsyncDisposable
{
    private readonly EventFoldOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly StreamListing _listing;
    private readonly SemaphoreSlim _startGate = new(1, 1);

    private StoreDirectoryLock? _lock;
    private StreamRegistry? _registry;
    private GroupCommitter? _committer;

    /// <summary>Creates the store for the configured base directory; <see cref="StartAsync"/> opens it.</summary>
    /// <param name="options">The store settings.</param>
    /// <param name="time">The clock used for registry timestamps.</param>
    /// <param name="logger">Receives the warnings of the start-up reconciliation; none when <see langword="null"/>.</param>
    public EventFoldStore(IOptions<EventFoldOptions> options, TimeProvider time, ILogger<EventFoldStore>? logger = null)
    {
        _options = options.Value;
        _time = time;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        if (_options.ReadOnly)
        {
            // Snapshots and rotation write files: a read-only store does neither (documented on the option).
            _options.SnapshotOnDeactivation = false;
            _options.SnapshotEveryEvents = 0;
            _options.MaxActiveLogBytes = 0;
        }

        Paths = new StorePaths(Path.GetFullPath(_options.BaseDirectory));
        Writers = new StreamWriterPool(new EventWriterOptions { Durability = _options.Durability }, _options.MaxOpenWriters, Background);
        _listing = new StreamListing(Paths, _logger);
    }

    /// <summary>The absolute base directory.</summary>
    public string BaseDirectory => Paths.BaseDirectory;

    internal StorePaths Paths { get; }

    internal StreamWriterPool Writers { get; }

    /// <summary>How groups of durable appends to different streams are flushed; benchmarks compare the modes.</summary>
    internal static GroupSyncMode DefaultGroupSyncMode { get; set; } = GroupSyncMode.FileSystem;

    /// <summary>The store-wide group commit of durable appends (created when the store starts for writing).</summary>
    internal GroupCommitter Committer =>
        _committer ?? throw new InvalidOperationException("The EventFold store has not been started for writing; it starts with the silo.");

    internal EventFoldOptions Options => _options;

    /// <summary>
    /// Takes the store lock (unless shared), loads the registry and reconciles it with the stream directories. Called
    /// once at silo start; idempotent.
    /// </summary>
    /// <remarks>
    /// Reconciliation costs one directory listing per aggregate type: a stream directory holding events without a
    /// registry line (a lost, deleted or older registry) is registered again with a logged warning. Registry lines
    /// whose stream holds no events are kept but not listed (see <see cref="ListIds"/>).
    /// </remarks>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <exception cref="StoreLockedException">Another process owns the store directory.</exception>
    /// <exception cref="StoreDirectoryUnusableException">The base directory is a file, something is in the way of the layout, or it cannot be written.</exception>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _startGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_registry is not null)
            {
                return;
            }

            if (File.Exists(Paths.BaseDirectory))
            {
                throw new StoreDirectoryUnusableException(Paths.BaseDirectory, Paths.BaseDirectory,
                    "is a file. Set EventFoldOptions.BaseDirectory to a directory (it is created when missing) or move the file away.");
            }

            if (_options.ReadOnly)
            {
                // Reads need neither the lock nor write access: readers of eventfold logs take no locks.
                _registry = StreamRegistry.OpenReadOnly(Paths, _time);
                await _listing.RegisterUnlistedStreamsAsync(_registry, cancellationToken).ConfigureAwait(false);
                return;
            }

            try
            {
                await OpenForWritingAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is UnauthorizedAccessException || e.GetType() == typeof(IOException) || e is DirectoryNotFoundException or PathTooLongException)
            {
                _registry?.Dispose();
                _registry = null;
                _lock?.Dispose();
                _lock = null;
                throw StoreDirectoryUnusableException.ForStartFailure(Paths, e);
            }
        }
        finally
        {
            _startGate.Release();
        }
    }

    private async Task OpenForWritingAsync(CancellationToken cancellationToken)
    {
        // Shared silos take the lock shared: they coexist, and a silo not configured to share is refused.
        _lock = StoreDirectoryLock.Acquire(Paths, _options.SharedByClusterSilos, _options.Durability);

        _registry = await StreamRegistry.OpenAsync(Paths, _options.SharedByClusterSilos, _options.Durability, _time, cancellationToken).ConfigureAwait(false);
        if (IsDurable)
        {
            // meta/ and the registry may come from a process that crashed before its fsyncs: durable before use.
            DirectorySync.EnsureDurable(Paths.MetaDirectory);
            DirectorySync.EnsureDurable(Paths.BaseDirectory);
        }

        await _listing.RegisterUnlistedStreamsAsync(_registry, cancellationToken).ConfigureAwait(false);
        _committer = new GroupCommitter(Paths.BaseDirectory, DefaultGroupSyncMode) { SpinBeforeSleep = _options.GroupCommitSpin };
    }

    /// <summary>The ids of the stored instances of an aggregate type, in creation order (from the registry, not a directory scan).</summary>
    /// <param name="aggregateType">The aggregate type name.</param>
    /// <remarks>
    /// Only streams holding at least one event are listed: a registry line whose stream creation or first append
    /// failed (or was cut short by a crash) is hidden until the stream gets events. Each listed stream is checked on
    /// disk (file sizes only) the first time it is listed.
    /// </remarks>
    public IReadOnlyList<string> ListIds(string aggregateType) =>
        [.. Registry.ListIds(aggregateType).Where(id => _listing.HasEvents(aggregateType, id))];

    /// <summary>The aggregate types that have stored instances (holding events), in order of their first stream's creation.</summary>
    public IReadOnlyList<string> ListAggregateTypes() =>
        [.. Registry.ListAggregateTypes().Where(type => Registry.ListIds(type).Any(id => _listing.HasEvents(type, id)))];

    /// <summary>The log directory of one aggregate instance (it may not exist yet).</summary>
    /// <param name="aggregateType">The aggregate type name.</param>
    /// <param name="id">The instance id.</param>
    /// <exception cref="InvalidStreamIdException">The id cannot be stored.</exception>
    public string StreamDirectory(string aggregateType, string id) => Paths.StreamDirectory(aggregateType, id);

    /// <summary>Opens the writer of a stream, registering and creating the stream first when it is new.</summary>
    /// <remarks>
    /// Runs on the store's background threads, never on a grain turn or the thread pool (an open may create and fsync
    /// directories). With group commit on <c>syncfs</c> (Linux, durable store), a new stream's directories and
    /// <c>app.jsonl</c> are created without fsyncs: its first durable append flushes the whole file system, which makes
    /// them durable together with the events (see <see cref="WriterLease.EntriesDurable"/>).
    /// </remarks>
    internal async Task<WriterLease> OpenWriterAsync(string aggregateType, string id, CancellationToken cancellationToken)
    {
        var directory = Paths.StreamDirectory(aggregateType, id);
        if (_options.ReadOnly)
        {
            throw new StoreReadOnlyException(Paths.BaseDirectory, $"{aggregateType}/{id}");
        }

        var defer = IsDurable && OperatingSystem.IsLinux() && Committer.Mode == GroupSyncMode.FileSystem;

        // Directory first, registry line second: a failed creation leaves no line. A crash between the two leaves an
        // unlisted directory without events; a crash or failure after the line, before the first append, a line that
        // ListIds hides until the stream holds events; a lost line is restored at the next start.
        // One hop to the background threads for both the open and the registry line; the line is written there
        // synchronously unless another registration holds the registry (then it completes on the thread pool).
        var (lease, registration) = await Background.RunAsync(() =>
        {
            var opened = Writers.Acquire(directory, defer);
            try
            {
                if (IsDurable && !defer)
                {
                    // The writer made the stream and type directories durable; the rest of the chain once per process.
                    DirectorySync.EnsureDurable(Paths.StreamsDirectory);
                    DirectorySync.EnsureDurable(Paths.BaseDirectory);
                }

                // Deferred: the stream's first durable append flushes the whole file system, the line with it.
                var line = Registry.IsRegistered(aggregateType, id)
                    ? Task.FromResult(false)
                    : Registry.EnsureRegisteredAsync(aggregateType, id, flushLine: !defer, cancellationToken);
                return (opened, line);
            }
            catch
            {
                opened.Dispose();
                throw;
            }
        }).ConfigureAwait(false);
        try
        {
            await registration.ConfigureAwait(false);
        }
        catch
        {
            lease.Dispose();
            throw;
        }

        return lease;
    }

    /// <summary>Dedicated threads for blocking store work off grain turns: writer opens, rotations, snapshot saves.</summary>
    internal IoThreads Background { get; } = new(2, "EventFold background I/O");

    private bool IsDurable => _options.Durability == Durability.Durable;

    private StreamRegistry Registry =>
        _registry ?? throw new InvalidOperationException("The EventFold store has not been started; it starts with the silo.");

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        // Queued group commits finish (and complete their callers) before the writers close.
        _committer?.Dispose();
        Background.Dispose();
        Writers.Dispose();
        await _startGate.WaitAsync().ConfigureAwait(false);
        try
        {
            _registry?.Dispose();
            _lock?.Dispose();
        }
        finally
        {
            _startGate.Release();
        }
    }
}
