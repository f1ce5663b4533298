using System.Net;
using System.Net.Sockets;
using EventFold.Cli.Tests.Domain;
using EventFold.Orleans.Commands;
using EventFold.Orleans.Hosting;
using EventFold.Orleans.ProcessManagers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace EventFold.Cli.Tests.Support;

/// <summary>
/// A running app as an operator meets it: a localhost silo with a real TCP gateway on a free port, EventFold on a store in
/// a temp directory, and the "gatekeeper" process manager. Tests make their own dead letters with their own visitors and gates.
/// </summary>
public sealed class GatewaySilo : IAsyncLifetime
{
    private readonly TempDir _dir = new();
    private IHost? _host;

    public string Store => Path.Combine(_dir.Path, "store");

    public string LettersFile => Path.Combine(Store, "process-managers", "gatekeeper", DeadLetterFile.FileName);

    public int GatewayPort { get; private set; }

    public string Gateway => GatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public IGrainFactory Grains => _host!.Services.GetRequiredService<IGrainFactory>();

    public async Task InitializeAsync()
    {
        var siloPort = FreePort();
        GatewayPort = FreePort();
        // No default logging: the silo shares the test process with the tool, whose output the tests read.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleans(silo => silo
            .UseLocalhostClustering(siloPort: siloPort, gatewayPort: GatewayPort)
            .AddEventFold(options => options.BaseDirectory = Store));
        _host = builder.Build();
        await _host.StartAsync();
    }

    /// <summary>The visitor asks to pass the gate (closed unless opened): once rejected, the gatekeeper's letter is on disk.</summary>
    /// <returns>The letter's id.</returns>
    public async Task<string> DeadLetterAsync(string visitor, string gate)
    {
        await Grains.GetGrain<IVisitor>(visitor).Execute(new AskToPass(gate), CommandContext.None);
        var letterId = $"pm/gatekeeper/cli-visitor/1/0/{visitor}";
        var keeper = Grains.GetProcessManager<IGatekeeper>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!(await keeper.GetDeadLettersAsync(includeResolved: true)).Any(l => l.LetterId == letterId))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the gatekeeper wrote no dead letter {letterId}");
            }

            await Task.Delay(20);
        }

        return letterId;
    }

    /// <summary>Fixes the cause of the letters for <paramref name="gate"/>.</summary>
    public Task OpenAsync(string gate) => Grains.GetGrain<IGate>(gate).Execute(new OpenGate(), CommandContext.None);

    public async Task<int> PassesAsync(string gate) => (await Grains.GetGrain<IGate>(gate).GetState()).Passes;

    /// <summary>A localhost port nothing listens on right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            _host.Dispose();
        }

        _dir.Dispose();
    }
}
