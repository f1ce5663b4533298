using EventFold.Orleans.Store;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ShopSample;

// dotnet run --project samples/ShopSample                 the scripted run against ./shop-data (run again to continue)
// dotnet run --project samples/ShopSample -- serve        host the shop silo until Ctrl+C (gateway on localhost:30000)
// dotnet run --project samples/ShopSample -- client       a second process: talk to the running silo through the gateway
// A last argument that is not a mode is the data directory.
var mode = args.FirstOrDefault(a => a is "serve" or "client") ?? "demo";
var dataDirectory = Path.GetFullPath(args.LastOrDefault(a => a is not ("serve" or "client" or "demo")) ?? "shop-data");

if (mode == "client")
{
    using var clientHost = ShopClient.Build();
    await clientHost.StartAsync();
    await ShopClient.RunAsync(clientHost.Services.GetRequiredService<IClusterClient>(), Console.Out);
    await clientHost.StopAsync();
    return 0;
}

Console.WriteLine($"data directory: {dataDirectory}");
using var host = ShopHost.Build(dataDirectory);
await host.StartAsync();
if (mode == "serve")
{
    Console.WriteLine($"serving on localhost (gateway port {ShopHost.GatewayPort}); run `dotnet run --project samples/ShopSample -- client` in another terminal, Ctrl+C to stop");
    await host.WaitForShutdownAsync();
    return 0;
}

var store = host.Services.GetRequiredService<EventFoldStore>();
await new ShopScenario(host.Services.GetRequiredService<IGrainFactory>(), store.StreamDirectory, Console.Out).RunAsync();
await host.StopAsync();
return 0;
