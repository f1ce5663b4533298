using EventFold.Orleans.Aggregates;
using EventFold.Orleans.Hosting;
using EventFold.Orleans.Projections;
using EventFold.Orleans.Store;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace EventFold.Orleans.Testing;

/// <summary>
/// A one-silo Orleans test cluster (<see cref="InProcessTestCluster"/>) with EventFold on a temporary store directory, deleted
/// on dispose. An integration test is a few lines:
/// <code>
/// await using var cluster = await EventFoldTestCluster.StartAsync();
/// var order = cluster.Grains.GetGrain&lt;IOrderAggregate&gt;("ord-1");
/// var placed = await order.Execute(new PlaceOrder("Ada"), CommandContext.None);
/// await cluster.WaitForProjectionsAsync([placed.Position]);
/// </code>
/// </summary>
/// <remarks>The silo loads the grain classes of the test's assemblies, as any Orleans silo does.</remarks>
public sealed class EventFoldTestCluster : IAsyncDisposable
{
    private readonly EventFoldTestClusterOptions _options;
    private readonly bool _ownsDirectory;
    private InProcessTestCluster? _cluster;
    private bool _disposed;

    private EventFoldTestCluster(EventFoldTestClusterOptions options, string directory, bool ownsDirectory)
    {
        _options = options;
        Directory = directory;
        _ownsDirectory = ownsDirectory;
    }

    /// <summary>The running cluster, for what the helper does not wrap.</summary>
    /// <exception cref="InvalidOperationException">The cluster is stopped (disposed, or a restart failed).</exception>
    public InProcessTestCluster Cluster => _cluster ?? throw new InvalidOperationException(
        $"The test cluster on {Directory} is not running{(_disposed ? ": it was disposed" : "")}.");

    /// <summary>The cluster's client.</summary>
    public IClusterClient Client => Cluster.Client;

    /// <summary>The grain factory, to reach aggregates and projections.</summary>
    public IGrainFactory Grains => Cluster.Client;

    /// <summary>The store's base directory: <c>streams/&lt;type&gt;/&lt;id&gt;/app.jsonl</c> and the rest live under it.</summary>
    public string Directory { get; }

    /// <summary>The silo's services (the store, options, the app's own services).</summary>
    public IServiceProvider SiloServices => Cluster.GetSiloServiceProvider();

    /// <summary>The silo's store: stream directories (<see cref="EventFoldStore.StreamDirectory"/>), listings.</summary>
    public EventFoldStore Store => SiloServices.GetRequiredService<EventFoldStore>();

    /// <summary>Starts a cluster on a fresh temporary directory, or on <see cref="EventFoldTestClusterOptions.Directory"/>.</summary>
    /// <param name="configure">Sets the options: store options, silo additions, a directory of your own.</param>
    /// <param name="cancellationToken">Cancels before the silo starts.</param>
    /// <returns>The running cluster; dispose it to stop the silo and delete the temporary directory.</returns>
    public static async Task<EventFoldTestCluster> StartAsync(Action<EventFoldTestClusterOptions>? configure = null, CancellationToken cancellationToken = default)
    {
        var options = new EventFoldTestClusterOptions();
        configure?.Invoke(options);
        var owns = options.Directory is null;
        // A given directory is passed to the store as it is: the store creates and validates it (and says what is wrong).
        var directory = options.Directory is { } given
            ? given
            : System.IO.Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "eventfold-test-clusters", Guid.NewGuid().ToString("N"))).FullName;
        var cluster = new EventFoldTestCluster(options, directory, owns);
        try
        {
            await cluster.StartSiloAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return cluster;
    }

    /// <summary>Stops the silo (deactivating every grain, which saves snapshots and checkpoints) and starts a new one on the same directory.</summary>
    /// <param name="cancellationToken">Cancels before the new silo starts.</param>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await StopSiloAsync().ConfigureAwait(false);
        await StartSiloAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Returns once every projection of the silo has read every stream it follows to its current end, with no stream failing.
    /// </summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="ProjectionsNotCaughtUpException">A projection is stopped on a stream, or still behind or failing after <see cref="EventFoldTestClusterOptions.ProjectionTimeout"/>.</exception>
    public async Task WaitForProjectionsAsync(CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + _options.ProjectionTimeout;
        foreach (var (grainClass, name, _) in ProjectionGrainClasses.Of(SiloServices))
        {
            var grain = Projection(grainClass);
            var delay = TimeSpan.FromMilliseconds(5);
            while (true)
            {
                await grain.CatchUpAsync(cancellationToken).ConfigureAwait(false);
                var status = await grain.GetStatusAsync().ConfigureAwait(false);
                if (status.Streams.Count == 0)
                {
                    break;
                }

                if (status.Streams.Any(s => s.Stopped) || DateTime.UtcNow >= deadline)
                {
                    throw new ProjectionsNotCaughtUpException(Describe(name, grainClass, status));
                }

                // Behind because writes keep coming, or an Apply failing with retries pending: look again shortly.
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromMilliseconds(200).Ticks));
            }
        }
    }

    /// <summary>Returns once every projection that follows a position's aggregate type reflects that position (read-your-writes).</summary>
    /// <param name="positions">Positions returned by commands (<see cref="CommandResult{TEvent}.Position"/>).</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="ProjectionsNotCaughtUpException">A projection is stopped on one of the streams, or did not reach a position within <see cref="EventFoldTestClusterOptions.ProjectionTimeout"/>.</exception>
    public async Task WaitForProjectionsAsync(IEnumerable<StreamPosition> positions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(positions);
        var all = positions.ToArray();
        foreach (var (grainClass, name, follows) in ProjectionGrainClasses.Of(SiloServices))
        {
            var mine = all.Where(p => follows.Contains(p.AggregateType)).ToArray();
            if (mine.Length == 0)
            {
                continue;
            }

            try
            {
                await Projection(grainClass).WaitForAsync(mine, _options.ProjectionTimeout, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is TimeoutException or ProjectionStreamFailedException)
            {
                throw new ProjectionsNotCaughtUpException($"The projection \"{name}\" ({grainClass.FullName}) did not reach the given positions: {e.Message}", e);
            }
        }
    }

    /// <summary>The status of every projection the silo runs, by projection name.</summary>
    /// <returns>Each projection's status.</returns>
    public async Task<IReadOnlyDictionary<string, ProjectionStatus>> GetProjectionStatusesAsync()
    {
        var statuses = new Dictionary<string, ProjectionStatus>(StringComparer.Ordinal);
        foreach (var (grainClass, name, _) in ProjectionGrainClasses.Of(SiloServices))
        {
            statuses[name] = await Projection(grainClass).GetStatusAsync().ConfigureAwait(false);
        }

        return statuses;
    }

    /// <summary>Stops the silo and deletes the directory, unless it was given in <see cref="EventFoldTestClusterOptions.Directory"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await StopSiloAsync().ConfigureAwait(false);
        if (_ownsDirectory)
        {
            try
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A file a test left read-only or locked: the temp folder's cleanup gets it, the test's result stands.
            }
        }
    }

    private IProjectionGrain Projection(Type grainClass) =>
        Grains.GetGrain<IProjectionGrain>(ProjectionGrainKey.Value, grainClass.FullName);

    private static string Describe(string name, Type grainClass, ProjectionStatus status) =>
        $"The projection \"{name}\" ({grainClass.FullName}) has not caught up: " +
        string.Join("; ", status.Streams.Select(s =>
            $"{s.AggregateType}/{s.Id} at version {s.Version}, {(s.Lag < 0 ? "diverged" : $"{s.Lag} event(s) behind")}" +
            (s.Error is null ? "" : $", {(s.Stopped ? "stopped" : "failing")} after {s.Attempts} attempt(s): {s.Error}")));

    private async Task StartSiloAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddEventFold(store =>
            {
                store.BaseDirectory = Directory;
                _options.Store?.Invoke(store);
            });
            if (_options.Projections is { } projections)
            {
                silo.Services.Configure(projections);
            }

            _options.Silo?.Invoke(silo);
        });
        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync().ConfigureAwait(false);
        }
        catch
        {
            try
            {
                await cluster.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception)
            {
                // The start failure is what the caller needs to see, not a failure to clean up after it.
            }

            throw;
        }

        _cluster = cluster;
    }

    private async Task StopSiloAsync()
    {
        if (_cluster is { } cluster)
        {
            _cluster = null;
            await cluster.StopAllSilosAsync().ConfigureAwait(false);
            await cluster.DisposeAsync().ConfigureAwait(false);
        }
    }
}
