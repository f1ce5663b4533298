using EventFold.Orleans.Hosting;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace EventFold.Orleans.Tests.Support;

/// <summary>Starts a one-silo in-process test cluster with EventFold on a given base directory.</summary>
public static class TestSilo
{
    public static async Task<InProcessTestCluster> StartAsync(
        string baseDirectory,
        Action<EventFoldOptions>? configure = null,
        Action<ISiloBuilder>? silo = null)
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, siloBuilder) =>
        {
            siloBuilder.AddEventFold(options =>
            {
                options.BaseDirectory = baseDirectory;
                configure?.Invoke(options);
            });
            silo?.Invoke(siloBuilder);
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }
}
