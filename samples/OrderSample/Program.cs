using EventFold.Orleans.Commands;
using EventFold.Orleans.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrderSample.Domain;

// The store lives in ./eventfold-data unless a directory is given; run twice to see the state come back from disk.
var dataDirectory = args.Length > 0 ? args[0] : Path.Combine(Directory.GetCurrentDirectory(), "eventfold-data");

using var host = Host.CreateDefaultBuilder(args)
    .UseOrleans(silo => silo
        .UseLocalhostClustering()
        .AddEventFold(options => options.BaseDirectory = dataDirectory))
    .ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning).AddFilter("Orleans.Runtime.Watchdog", LogLevel.Error))
    .Build();
await host.StartAsync();

var grains = host.Services.GetRequiredService<IGrainFactory>();
var order = grains.GetGrain<IOrderAggregate>("ord-42");
var context = new CommandContext { Actor = "sample-user", CorrelationId = Guid.NewGuid().ToString() };

// A command id makes a command idempotent: on a second run this one is recognised and nothing is appended.
var placed = await order.Execute(new PlaceOrder("Ada"), context with { CommandId = "place-ord-42" });
Console.WriteLine($"place order      -> version {placed.Version}, duplicate: {placed.WasDuplicate}");

var added = await order.Execute(new AddLine("book", 2), context);
Console.WriteLine(added.Succeeded
    ? $"add 2 x book     -> version {added.Version}"
    : $"add 2 x book     -> rejected: {added.Error!.Code} ({added.Error.Message})");

var shipped = await order.Execute(new ShipOrder(), context);
Console.WriteLine(shipped.Succeeded
    ? $"ship order       -> version {shipped.Version}"
    : $"ship order       -> rejected: {shipped.Error!.Code} ({shipped.Error.Message})");

var state = await order.GetVersionedState();
Console.WriteLine($"state            -> {state.State.Status}, customer {state.State.Customer}, " +
    $"lines [{string.Join(", ", state.State.Lines.Select(l => $"{l.Key} x {l.Value}"))}], version {state.Version}");
Console.WriteLine($"events are in    -> {Path.Combine(dataDirectory, "streams", "order", "ord-42", "app.jsonl")}");

await host.StopAsync();
