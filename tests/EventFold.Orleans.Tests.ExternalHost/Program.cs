using System.Globalization;
using EventFold.Orleans.Commands;
using EventFold.Orleans.Hosting;
using EventFold.Orleans.Tests.ExternalDomain;
using EventFold.Orleans.Tests.ExternalEvents;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// Usage: EventFold.Orleans.Tests.ExternalHost <baseDir> <siloPort> <gatewayPort> <ledgerId> <bonus>
// Opens the ledger, credits the bonus (an event class from EventFold.Orleans.Tests.ExternalEvents), prints
// "WROTE <version>" and exits 0, leaving no snapshot.
if (args.Length != 5)
{
    Console.Error.WriteLine("usage: EventFold.Orleans.Tests.ExternalHost <baseDir> <siloPort> <gatewayPort> <ledgerId> <bonus>");
    return 2;
}

using var host = new HostBuilder()
    .UseOrleans(silo => silo
        .UseLocalhostClustering(int.Parse(args[1], CultureInfo.InvariantCulture), int.Parse(args[2], CultureInfo.InvariantCulture))
        .AddEventFold(options =>
        {
            options.BaseDirectory = args[0];

            // No snapshot, as after a crash: the next silo must decode and fold every event it reads.
            options.SnapshotEveryEvents = 0;
            options.SnapshotOnDeactivation = false;
        }))
    .ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
    .Build();
await host.StartAsync();

var ledger = host.Services.GetRequiredService<IGrainFactory>().GetGrain<ILedger>(args[3]);
await ledger.Execute(new Post(new LedgerOpened()), CommandContext.None);
var result = await ledger.Execute(new Post(new BonusCredited(long.Parse(args[4], CultureInfo.InvariantCulture))), CommandContext.None);
Console.WriteLine($"WROTE {result.Version}");

await host.StopAsync();
return 0;
