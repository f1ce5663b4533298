using EventFold.Orleans.Hosting;
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
    private readonly SemaphoreSlim _startGate = new(1, 1);
    private StoreDirectoryLock? _lock;
    private StreamRegistry? _registry;

    /// <summary>Creates the store for the configured base directory; <see cref="StartAsync"/> opens it.</summary>
    /// <param name="options">The store settings.</param>
    /// <param name="time">The clock used for registry timestamps.</param>
    public EventFoldStore(IOptions<EventFoldOptions> options, TimeProvider time)
    {
        _options = options.Value;
        _time = time;
        Paths = new StorePaths(Path.GetFullPath(_options.BaseDirectory));
        Writers = new StreamWriterPool(new EventWriterOptions { Durability = _options.Durability });
    }

    /// <summary>The absolute base directory.</summary>
    public string BaseDirectory => Paths.BaseDirectory;

    internal StorePaths Paths { get; }

    internal StreamWriterPool Writers { get; }

    internal EventFoldOptions Options => _options;

    /// <summary>Takes the store lock (unless shared) and loads the registry. Called once at silo start; idempotent.</summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <exception cref="StoreLockedException">Another process owns the store directory.</exception>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _startGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_registry is not null)
            {
                return;
            }

            // Shared silos take the lock shared: they coexist, and a silo not configured to share is refused.
            _lock = StoreDirectoryLock.Acquire(Paths, _options.SharedByClusterSilos, _options.Durability);

            _registry = await StreamRegistry.OpenAsync(Paths, _options.SharedByClusterSilos, _options.Durability, _time, cancellationToken).ConfigureAwait(false);
            if (IsDurable)
            {
                // meta/ and the registry may come from a process that crashed before its fsyncs: durable before use.
                DirectorySync.EnsureDurable(Paths.MetaDirectory);
                DirectorySync.EnsureDurable(Paths.BaseDirectory);
            }
        }
        finally
        {
            _startGate.Release();
        }
    }

    /// <summary>The ids of the stored instances of an aggregate type, in creation order (from the registry, not a directory scan).</summary>
    /// <param name="aggregateType">The aggregate type name.</param>
    public IReadOnlyList<string> ListIds(string aggregateType) => Registry.ListIds(aggregateType);

    /// <summary>The aggregate types that have stored instances.</summary>
    public IReadOnlyList<string> ListAggregateTypes() => Registry.ListAggregateTypes();

    /// <summary>The log directory of one aggregate instance (it may not exist yet).</summary>
    /// <param name="aggregateType">The aggregate type name.</param>
    /// <param name="id">The instance id.</param>
    /// <exception cref="InvalidStreamIdException">The id cannot be stored.</exception>
    public string StreamDirectory(string aggregateType, string id) => Paths.StreamDirectory(aggregateType, id);

    /// <summary>Opens the writer of a stream, registering and creating the stream first when it is new.</summary>
    internal async Task<WriterLease> OpenWriterAsync(string aggregateType, string id, CancellationToken cancellationToken)
    {
        var directory = Paths.StreamDirectory(aggregateType, id);
        if (!File.Exists(LogPaths.Log(directory)))
        {
            // Registry first: a crash after it leaves a listed empty stream, never an unlisted one.
            await Registry.EnsureRegisteredAsync(aggregateType, id, cancellationToken).ConfigureAwait(false);
        }

        var lease = Writers.Acquire(directory);
        if (IsDurable)
        {
            // The writer made the stream and type directories durable; the rest of the chain once per process.
            DirectorySync.EnsureDurable(Paths.StreamsDirectory);
            DirectorySync.EnsureDurable(Paths.BaseDirectory);
        }

        return lease;
    }

    private bool IsDurable => _options.Durability == Durability.Durable;

    private StreamRegistry Registry =>
        _registry ?? throw new InvalidOperationException("The EventFold store has not been started; it starts with the silo.");

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
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
