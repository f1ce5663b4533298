using EventFold.Orleans.Bus;
using EventFold.Orleans.Commands;
using EventFold.Orleans.Projections;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ShopSample.Orders;
using ShopSample.ReadModels;

namespace ShopSample;

/// <summary>
/// The external client: a second process that reaches the running shop silo through its localhost gateway with an
/// <c>IClusterClient</c>, sends a command as JSON through the command bus and reads the listing.
/// </summary>
public static class ShopClient
{
    /// <summary>A host running only an Orleans client connected to the localhost gateway.</summary>
    public static IHost Build(int gatewayPort = ShopHost.GatewayPort) =>
        Host.CreateDefaultBuilder()
            .UseOrleansClient(client => client.UseLocalhostClustering(gatewayPort))
            .ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .Build();

    /// <summary>Places one order as a JSON envelope and prints the outcome and the order listing's last lines.</summary>
    public static async Task<CommandOutcome> RunAsync(IClusterClient client, TextWriter output, CancellationToken cancellationToken = default)
    {
        var orderId = $"ord-client-{DateTime.UtcNow:yyyyMMddHHmmss}";
        var envelope = new JsonCommandEnvelope
        {
            AggregateType = "order",
            AggregateId = orderId,
            CommandType = "place-order",
            Payload = """{"customer":"Margaret","sku":"book","quantity":1}""",
            Context = new CommandContext { Actor = "shop-client", CommandId = $"{orderId}-place" },
        };
        var outcome = await client.GetCommandBus().SendJsonAsync(envelope, cancellationToken);
        output.WriteLine($"sent {envelope.CommandType} {envelope.Payload} to order/{orderId} -> "
            + (outcome.Succeeded ? $"{outcome.EventCount} event(s), version {outcome.Version}" : $"rejected: {outcome.Error!.Code}"));

        var listing = await client.GetProjection<IOrderListing>().Get(new(envelope.AggregateType, orderId, outcome.Version));
        foreach (var line in listing.Orders.TakeLast(3))
        {
            output.WriteLine($"  order-listing  {line.OrderId,-22} {line.Customer,-8} {line.Quantity} x {line.Sku,-5} {line.Status}");
        }

        return outcome;
    }
}
