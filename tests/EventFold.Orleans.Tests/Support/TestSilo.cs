using EventFold.Orleans.Hosting;
using EventFold.Orleans.Testing;
using Orleans.TestingHost;

namespace EventFold.Orleans.Tests.Support;

/// <summary>Starts a one-silo in-process test cluster with EventFold on a given base directory, through the testing kit's <see cref="EventFoldTestCluster"/>.</summary>
public static class TestSilo
{
    /// <remarks>The directory belongs to the caller (the kit neither creates nor deletes it); dispose the returned cluster to stop the silo.</remarks>
    public static async Task<InProcessTestCluster> StartAsync(
        string baseDirectory,
        Action<EventFoldOptions>? configure = null,
        Action<ISiloBuilder>? silo = null)
    {
        var cluster = await EventFoldTestCluster.StartAsync(options =>
        {
            options.Directory = baseDirectory;
            options.Store = configure;
            options.Silo = silo;
        });
        return cluster.Cluster;
    }
}
