using System.Net;
using System.Net.Sockets;
using EventFold.Orleans.Hosting;
using EventFold.Orleans.Store;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EventFold.Benchmarks.Cluster;

/// <summary>An in-process silo with EventFold (at one durability) and Orleans' LogStorage provider over memory storage.</summary>
public sealed class SiloHost : IAsyncDisposable
{
    public const string LogStorageProvider = "LogStorage";

    private readonly IHost _host;

    private SiloHost(IHost host, Durability durability)
    {
        _host = host;
        Durability = durability;
        Grains = host.Services.GetRequiredService<IGrainFactory>();
        Store = host.Services.GetRequiredService<EventFoldStore>();
    }

    public Durability Durability { get; }

    public IGrainFactory Grains { get; }

    public IServiceProvider Services => _host.Services;

    public EventFoldStore Store { get; }

    /// <param name="baseDirectory">The store directory.</param>
    /// <param name="durability">The store's durability.</param>
    /// <param name="configure">Extra silo settings (the projection rows set <c>ProjectionOptions</c>).</param>
    public static async Task<SiloHost> StartAsync(string baseDirectory, Durability durability, Action<ISiloBuilder>? configure = null)
    {
        var host = Host.CreateDefaultBuilder()
            .UseOrleans(silo => silo
                .UseLocalhostClustering(FreePort(), FreePort())
                .AddEventFold(o =>
                {
                    o.BaseDirectory = baseDirectory;
                    o.Durability = durability;
                })
                .AddLogStorageBasedLogConsistencyProvider(LogStorageProvider)
                .AddMemoryGrainStorage(LogStorageProvider)
                .Also(configure))
            // The projection rows write streams beside the store, which it re-registers with one warning each.
            .ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Warning).AddFilter("EventFold.Orleans.Store", LogLevel.Error))
            .Build();
        await host.StartAsync();
        return new SiloHost(host, durability);
    }

    /// <summary>Waits until the activation of <paramref name="grain"/> is gone (after it asked to be deactivated).</summary>
    public async Task WaitForDeactivationAsync(IAddressable grain, TimeSpan timeout)
    {
        var management = Grains.GetGrain<IManagementGrain>(0);
        var deadline = DateTime.UtcNow + timeout;
        while (await management.GetGrainActivationCount((GrainReference)grain) > 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{grain} did not deactivate within {timeout}.");
            }

            await Task.Delay(10);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>Applies an optional configuration inline in a builder chain.</summary>
internal static class SiloBuilderChain
{
    public static ISiloBuilder Also(this ISiloBuilder builder, Action<ISiloBuilder>? configure)
    {
        configure?.Invoke(builder);
        return builder;
    }
}
