using EventFold.Orleans.Hosting;
using Orleans.TestingHost;
using Xunit;

namespace EventFold.Orleans.Tests.Support;

/// <summary>A test class with its own store directory and one-silo cluster, started before and removed after each test.</summary>
public abstract class SiloTest : IAsyncLifetime
{
    protected TempDirectory Dir { get; } = new();

    protected InProcessTestCluster Cluster { get; private set; } = null!;

    /// <summary>Adjusts the store options of the cluster.</summary>
    protected virtual void Configure(EventFoldOptions options)
    {
    }

    public async Task InitializeAsync() => Cluster = await TestSilo.StartAsync(Dir.Path, Configure);

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        Dir.Dispose();
    }
}
