using EventFold.Orleans.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ShopSample;

/// <summary>The shop's localhost silo: one process, its events in files under one directory.</summary>
public static class ShopHost
{
    /// <summary>Orleans' default localhost gateway port; <c>client</c> mode connects to it.</summary>
    public const int GatewayPort = 30000;

    /// <summary>A host running a localhost silo with EventFold on <paramref name="dataDirectory"/>.</summary>
    public static IHost Build(string dataDirectory) =>
        Host.CreateDefaultBuilder()
            .UseOrleans(silo => silo
                .UseLocalhostClustering(gatewayPort: GatewayPort)
                .AddEventFold(options => options.BaseDirectory = dataDirectory))
            .ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning).AddFilter("Orleans.Runtime.Watchdog", LogLevel.Error))
            .Build();
}
