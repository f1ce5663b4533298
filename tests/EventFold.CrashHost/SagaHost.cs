using System.Globalization;
using EventFold.Orleans.Commands;
using EventFold.Orleans.Hosting;
using EventFold.Orleans.ProcessManagers;
using EventFold.Orleans.Reading;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace EventFold.CrashHost;

/// <summary>
/// The crash host's saga mode (EVENTFOLD_CRASHHOST_SAGAS=1): the same arguments, a silo with only the saga domain, and a
/// load that places orders forever on <c>aggregates</c> SKUs (the last SKU never has stock: those orders are cancelled).
/// stdout: <c>READY</c>; <c>ACK &lt;orderId&gt; place-&lt;orderId&gt; 1 1</c> once an order is placed (durable);
/// <c>ERR ...</c>. stdin (with EVENTFOLD_CRASHHOST_EXIT_ON_STDIN_EOF=1): <c>STOP</c> (answers <c>STOPPED</c> once the load
/// has stopped), <c>SAGAS</c> (answers <c>PROJECTION sagas &lt;orders&gt; &lt;unfinished&gt; &lt;deadLetters&gt;</c> after the saga caught up;
/// the PROJECTION prefix is what the test's CrashHostProcess collects as a reply).
/// </summary>
public static class SagaHost
{
    /// <summary>The grain classes of saga mode; the other modes leave them out.</summary>
    public static readonly Type[] GrainClasses = [typeof(CrashOrderGrain), typeof(CrashStockGrain), typeof(CrashSagaGrain)];

    public static async Task<int> RunAsync(string[] args)
    {
        var baseDirectory = args[0];
        var siloPort = int.Parse(args[1], CultureInfo.InvariantCulture);
        var gatewayPort = int.Parse(args[2], CultureInfo.InvariantCulture);
        var skus = int.Parse(args[3], CultureInfo.InvariantCulture);
        var concurrency = int.Parse(args[4], CultureInfo.InvariantCulture);
        var seed = int.Parse(args[5], CultureInfo.InvariantCulture);
        var requests = System.Threading.Channels.Channel.CreateUnbounded<string>();
        using var stopLoad = new CancellationTokenSource();

        Console.SetOut(new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true });
        if (Environment.GetEnvironmentVariable("EVENTFOLD_CRASHHOST_EXIT_ON_STDIN_EOF") == "1")
        {
            new Thread(() =>
            {
                using var stdin = new StreamReader(Console.OpenStandardInput());
                while (stdin.ReadLine() is { } line)
                {
                    requests.Writer.TryWrite(line.Trim());
                }

                Environment.Exit(3);
            }) { IsBackground = true, Name = "stdin watch" }.Start();
        }

        using var host = new HostBuilder()
            .UseOrleans(silo => silo
                .UseLocalhostClustering(siloPort, gatewayPort)
                .AddEventFold(options => options.BaseDirectory = baseDirectory)
                .ConfigureServices(services => services.PostConfigure<GrainTypeOptions>(o =>
                {
                    foreach (var type in o.Classes.Where(c => c.Assembly == typeof(SagaHost).Assembly && !GrainClasses.Contains(c)).ToList())
                    {
                        o.Classes.Remove(type);
                    }
                })))
            .ConfigureLogging(logging => logging
                .SetMinimumLevel(LogLevel.Warning)
                .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace))
            .Build();
        await host.StartAsync();
        Console.Out.WriteLine("READY");

        var grains = host.Services.GetRequiredService<IGrainFactory>();
        string Sku(int i) => string.Create(CultureInfo.InvariantCulture, $"sku-{i}");
        for (var i = 0; i < skus - 1; i++)
        {
            // The same command id in every run: stocked once.
            await grains.GetGrain<ICrashStock>(Sku(i)).Execute(new AddCrashStock(1_000_000), new CommandContext { CommandId = "stock-" + Sku(i) });
        }

        var workers = Enumerable.Range(0, concurrency).Select(w => Task.Run(async () =>
        {
            var random = new Random(HashCode.Combine(seed, w));
            for (var n = 0; !stopLoad.IsCancellationRequested; n++)
            {
                var order = string.Create(CultureInfo.InvariantCulture, $"o-{seed}-{w}-{n}");
                try
                {
                    await grains.GetGrain<ICrashOrder>(order).Execute(new PlaceCrashOrder(Sku(random.Next(skus)), 1), new CommandContext { CommandId = "place-" + order });
                    Console.Out.WriteLine($"ACK {order} place-{order} 1 1");
                }
                catch (Exception e)
                {
                    Console.Out.WriteLine($"ERR {order} place-{order} {e.GetType().Name}: {e.Message.ReplaceLineEndings(" | ")}");
                }
            }
        })).ToList();

        await foreach (var request in requests.Reader.ReadAllAsync())
        {
            try
            {
                if (request == "STOP")
                {
                    await stopLoad.CancelAsync();
                    await Task.WhenAll(workers);
                    Console.Out.WriteLine("STOPPED");
                }
                else if (request == "SAGAS")
                {
                    var saga = grains.GetProcessManager<ICrashSaga>();
                    await saga.CatchUpAsync();
                    var orders = host.Services.GetRequiredService<IStreamSource>().ListStreams("crash-order");
                    var states = await Task.WhenAll(orders.Select(o => grains.GetGrain<ICrashOrder>(o).GetState()));
                    var status = await saga.GetStatusAsync();
                    Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"PROJECTION sagas {orders.Count} {states.Count(s => s.Status is not ("confirmed" or "cancelled"))} {status.DeadLetters}"));
                }
                else
                {
                    Console.Out.WriteLine($"ERR - - unknown request \"{request}\"");
                }
            }
            catch (Exception e)
            {
                Console.Out.WriteLine($"ERR - - request \"{request}\" failed: {e.GetType().Name}: {e.Message.ReplaceLineEndings(" | ")}");
            }
        }

        return 0;
    }
}
