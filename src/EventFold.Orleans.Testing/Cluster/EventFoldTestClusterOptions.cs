using EventFold.Orleans.Hosting;
using EventFold.Orleans.Projections;

namespace EventFold.Orleans.Testing;

/// <summary>How <see cref="EventFoldTestCluster"/> sets up its silo.</summary>
public sealed class EventFoldTestClusterOptions
{
    /// <summary>
    /// The store directory to use; <see langword="null"/> (the default) for a fresh directory under the system temp folder,
    /// which is deleted when the cluster is disposed. A directory given here is never deleted.
    /// </summary>
    public string? Directory { get; set; }

    /// <summary>Adjusts the store options (<see cref="EventFoldOptions.BaseDirectory"/> is already set to the cluster's directory).</summary>
    public Action<EventFoldOptions>? Store { get; set; }

    /// <summary>Adjusts the projection options (notice delivery, activation at start, polling).</summary>
    public Action<ProjectionOptions>? Projections { get; set; }

    /// <summary>Adds to the silo: grain classes to leave out, projection options, services of the app.</summary>
    public Action<ISiloBuilder>? Silo { get; set; }

    /// <summary>How long <see cref="EventFoldTestCluster.WaitForProjectionsAsync(CancellationToken)"/> waits at most. Default: 30 s.</summary>
    public TimeSpan ProjectionTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
