using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace EventFold.Cli.DeadLetters;

/// <summary>
/// An Orleans client connected to a running app's localhost gateway: writes that need the app (a replay takes the store
/// lock's owner to dispatch) go through it. Only EventFold.Orleans' own grain interfaces are needed, not the app's assemblies.
/// </summary>
internal sealed class AppGateway : IAsyncDisposable
{
    private readonly IHost _host;

    private AppGateway(IHost host, string address)
    {
        _host = host;
        Address = address;
    }

    /// <summary>Where the app was reached, <c>localhost:&lt;port&gt;</c>.</summary>
    public string Address { get; }

    /// <summary>The connected client.</summary>
    public IClusterClient Client => _host.Services.GetRequiredService<IClusterClient>();

    /// <summary>Connects to the silo whose gateway listens on <paramref name="port"/> of localhost.</summary>
    /// <param name="port">The gateway port.</param>
    /// <param name="clusterId">The app's cluster id.</param>
    /// <param name="serviceId">The app's service id.</param>
    /// <param name="timeout">How long to try to connect; also every call's response timeout.</param>
    /// <param name="cancellationToken">Stops connecting.</param>
    /// <exception cref="CliException">No silo accepted the connection (the message names the port and how to find the right one).</exception>
    public static async Task<AppGateway> ConnectAsync(int port, string clusterId, string serviceId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var address = $"localhost:{port}";
        // Orleans retries a refused gateway until its timeout; one plain TCP connect tells at once whether anything listens.
        if (await RefusesAsync(port, timeout, cancellationToken).ConfigureAwait(false))
        {
            throw new CliException($"no silo is listening on the gateway {address} (connection refused). Start the app, or pass its gateway port with --gateway <PORT>: "
                + $"the gatewayPort of its UseLocalhostClustering (Orleans' default {Commands.DeadLettersReplaySettings.DefaultGatewayPort}) or EndpointOptions.GatewayPort; "
                + "Orleans logs the silo's gateway endpoint at start, and `ss -ltnp` lists the ports the app listens on");
        }

        // No default configuration sources or logging: the tool's output is its own (and JSON with --json).
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var errors = new ConnectionErrorLog();
        builder.Logging.AddProvider(errors);
        builder.UseOrleansClient(client => client
            .UseLocalhostClustering(port, serviceId, clusterId)
            .Configure<ClientMessagingOptions>(o => o.ResponseTimeout = timeout));
        var host = builder.Build();
        using var connecting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        connecting.CancelAfter(timeout);
        try
        {
            await host.StartAsync(connecting.Token).ConfigureAwait(false);
            return new AppGateway(host, address);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            await DisposeQuietlyAsync(host).ConfigureAwait(false);
            var reason = connecting.IsCancellationRequested
                ? $"no Orleans connection within {timeout.TotalSeconds:0} s" + (errors.Last is { } last ? $", last error: {last}" : "")
                : $"{e.GetType().Name}: {Innermost(e).Message}";
            throw new CliException($"could not connect to the gateway {address} ({reason}). Check that --gateway is the app's gateway port (not its silo port) "
                + $"and that --cluster-id \"{clusterId}\" and --service-id \"{serviceId}\" match the app's ClusterOptions (UseLocalhostClustering's clusterId and serviceId; Orleans' default \"dev\"); "
                + "raise --timeout if the app is still starting");
        }
        catch
        {
            await DisposeQuietlyAsync(host).ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await DisposeQuietlyAsync(_host).ConfigureAwait(false);

    private static async Task<bool> RefusesAsync(int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var probe = new TcpClient();
        using var connecting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        connecting.CancelAfter(timeout);
        try
        {
            await probe.ConnectAsync(IPAddress.Loopback, port, connecting.Token).ConfigureAwait(false);
            return false;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return true;
        }
        catch (SocketException)
        {
            return false; // something else (a firewall, a timeout): let the Orleans client try and report what it meets
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private static Exception Innermost(Exception e) => e.InnerException is { } inner ? Innermost(inner) : e;

    // Stopping a client that never connected, or whose silo went away, may throw; the tool's result is already decided.
    private static async Task DisposeQuietlyAsync(IHost host)
    {
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await host.StopAsync(stopping.Token).ConfigureAwait(false);
        }
        catch (Exception)
        {
        }

        host.Dispose();
    }
}
