using System.Globalization;
using EventFold.Orleans.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EventFold.Orleans.Testing;

/// <summary>
/// The child side of <see cref="CrashTest"/>: a localhost silo with EventFold under endless load from the app's commands, meant
/// to be killed with SIGKILL at any moment. The app's crash host is a console project of one statement:
/// <code>
/// return await EventFoldCrashHost.RunAsync(args, host => host.Commands&lt;IOrderAggregate, OrderState, OrderCommand, OrderEvent&gt;(
///     request => request.Random.Next(2) == 0 ? new PlaceOrder("Ada") : new AddLine("book", request.Random.Next(1, 5))));
/// </code>
/// </summary>
public static class EventFoldCrashHost
{
    /// <summary>Runs the host until it is killed, or until its stdin closes (the test process is gone).</summary>
    /// <param name="args">The arguments <see cref="CrashTest"/> passes; pass the program's <c>args</c> unchanged.</param>
    /// <param name="configure">Sets the commands (required) and the store and silo options.</param>
    /// <returns>The exit code: 2 for bad arguments or no commands, 3 when stdin closed.</returns>
    public static async Task<int> RunAsync(string[] args, Action<EventFoldCrashHostOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new EventFoldCrashHostOptions();
        configure(options);
        if (options.Execute is not { } execute)
        {
            await Console.Error.WriteLineAsync($"{nameof(EventFoldCrashHost)}: no commands; call {nameof(EventFoldCrashHostOptions.Commands)}<TGrain, TState, TCommand, TEvent>(...) in configure.").ConfigureAwait(false);
            return 2;
        }

        if (args.Length is < 6 or > 7)
        {
            await Console.Error.WriteLineAsync($"usage: <host> <baseDir> <siloPort> <gatewayPort> <aggregates> <concurrency> <seed> [resendFile] (this program is started by {nameof(CrashTest)})").ConfigureAwait(false);
            return 2;
        }

        var baseDirectory = args[0];
        var (siloPort, gatewayPort) = (Parse(args[1]), Parse(args[2]));
        var (aggregates, concurrency, seed) = (Parse(args[3]), Parse(args[4]), Parse(args[5]));
        var resendFile = args.Length > 6 ? args[6] : null;

        var stdout = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true };
        var output = TextWriter.Synchronized(stdout);
        WatchStdin();

        using var host = new HostBuilder()
            .UseOrleans(silo =>
            {
                silo.UseLocalhostClustering(siloPort, gatewayPort).AddEventFold(store =>
                {
                    store.BaseDirectory = baseDirectory;
                    options.Store?.Invoke(store);
                });
                options.Silo?.Invoke(silo);
            })
            .ConfigureLogging(logging => logging
                .SetMinimumLevel(LogLevel.Warning)
                .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace))
            .Build();
        await host.StartAsync().ConfigureAwait(false);
        output.WriteLine(CrashProtocol.Ready);

        var grains = host.Services.GetRequiredService<IGrainFactory>();
        var workers = Enumerable.Range(0, concurrency).Select(w => Task.Run(() => LoadAsync(w))).ToList();
        workers.Add(Task.Run(SweepAsync));
        await Task.WhenAll(workers).ConfigureAwait(false);
        await Task.Delay(Timeout.Infinite).ConfigureAwait(false);
        return 0;

        async Task LoadAsync(int worker)
        {
            var random = new Random(HashCode.Combine(seed, worker));
            for (var n = 0L; ; n++)
            {
                var id = CrashProtocol.AggregateId(random.Next(aggregates));
                await ExecuteAsync(id, string.Create(CultureInfo.InvariantCulture, $"{seed}.{worker}.{n}")).ConfigureAwait(false);
            }
        }

        // The resent commands of an earlier run first, then one new command per aggregate: each one shows it accepts commands.
        async Task SweepAsync()
        {
            if (resendFile is not null)
            {
                foreach (var line in await File.ReadAllLinesAsync(resendFile).ConfigureAwait(false))
                {
                    if (line.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [var id, var commandId])
                    {
                        await ExecuteAsync(id, commandId).ConfigureAwait(false);
                    }
                }
            }

            for (var i = 0; i < aggregates; i++)
            {
                await ExecuteAsync(CrashProtocol.AggregateId(i), string.Create(CultureInfo.InvariantCulture, $"{seed}.sweep.{i}")).ConfigureAwait(false);
            }
        }

        async Task ExecuteAsync(string id, string commandId)
        {
            try
            {
                var outcome = await execute(grains, new CrashCommandRequest(id, commandId, CrashProtocol.RandomFor(commandId))).ConfigureAwait(false);
                output.WriteLine(CrashProtocol.Outcome(id, commandId, outcome));
            }
            catch (Exception e)
            {
                output.WriteLine($"ERR {id} {commandId} {e.GetType().Name}: {e.Message.ReplaceLineEndings(" | ")}");
                await Console.Error.WriteLineAsync($"command {commandId} on {id} failed: {e}").ConfigureAwait(false);
                await Task.Delay(50).ConfigureAwait(false);
            }
        }
    }

    private static int Parse(string value) => int.Parse(value, NumberStyles.Integer, CultureInfo.InvariantCulture);

    /// <summary>Exits when stdin closes: a host whose test process died must not run on forever.</summary>
    private static void WatchStdin() =>
        new Thread(() =>
        {
            using var stdin = new StreamReader(Console.OpenStandardInput());
            while (stdin.ReadLine() is not null)
            {
            }

            Console.Error.WriteLine("stdin closed: the crash test is gone, exiting");
            Environment.Exit(3);
        }) { IsBackground = true, Name = "crash host stdin watch" }.Start();
}
