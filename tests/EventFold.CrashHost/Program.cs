using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using EventFold.CrashHost;
using EventFold.Orleans.Commands;
using EventFold.Orleans.Hosting;
using EventFold.Orleans.Projections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

// The crash test's victim: a localhost silo under endless load, meant to be killed with SIGKILL at any moment.
//
// Usage: EventFold.CrashHost <baseDir> <siloPort> <gatewayPort> <aggregates> <concurrency> <seed> [resendFile]
//
// stdout protocol, one line per fact, written (and flushed) only after the fact is true:
//   READY                                           the host started
//   ACK <aggregateId> <commandId> <events> <version> a command was acknowledged: its events are durable
//   DUP <aggregateId> <commandId> <events> <version> a resent command was recognised as already applied
//   ERR <aggregateId> <commandId> <message>          a command failed (never expected)
// Command ids are "<seed>.<worker>.<n>.n<count>": unique per run (the test gives each run its own seed), and they carry
// the number of events the command appends, so a checker can tell a partial batch from a complete one.
// The optional resendFile holds lines "<aggregateId> <commandId> <count>" of commands acknowledged by an earlier run:
// they are executed again at start and must come back as duplicates.
// Store settings come from EVENTFOLD_CRASHHOST_SNAPSHOT_EVERY_EVENTS (default 7) and EVENTFOLD_CRASHHOST_MAX_ACTIVE_LOG_BYTES
// (default 4096), so the test can run the same load with snapshots off or with rotations between snapshots.
// Logs go to stderr. The host never exits on its own, with one exception for the test's sake: with the environment
// variable EVENTFOLD_CRASHHOST_EXIT_ON_STDIN_EOF=1 it exits when its stdin reaches end of file, so a host whose test
// process died (and with it the stdin pipe) does not run on forever.
// With EVENTFOLD_CRASHHOST_PROJECTION=1 the silo also runs the LedgerTally projection (otherwise its grain class is left
// out), and (with the stdin watch on) it answers these stdin lines:
//   STOP               the load stops; STOPPED is printed once every command in flight has finished
//   PROJECTION now     PROJECTION <json>: the tally and the projection's status as they stand
//   PROJECTION catchup the same, after the projection has read every stream to its end
if (Environment.GetEnvironmentVariable("EVENTFOLD_CRASHHOST_SAGAS") == "1" && args.Length == 6)
{
    return await SagaHost.RunAsync(args); // the saga crash test's mode (SagaHost.cs)
}

if (args.Length is < 6 or > 7)
{
    Console.Error.WriteLine("usage: EventFold.CrashHost <baseDir> <siloPort> <gatewayPort> <aggregates> <concurrency> <seed> [resendFile]");
    return 2;
}

var baseDirectory = args[0];
var siloPort = int.Parse(args[1], CultureInfo.InvariantCulture);
var gatewayPort = int.Parse(args[2], CultureInfo.InvariantCulture);
var aggregates = int.Parse(args[3], CultureInfo.InvariantCulture);
var concurrency = int.Parse(args[4], CultureInfo.InvariantCulture);
var seed = int.Parse(args[5], CultureInfo.InvariantCulture);
var resendFile = args.Length > 6 ? args[6] : null;
var snapshotEveryEvents = int.Parse(Environment.GetEnvironmentVariable("EVENTFOLD_CRASHHOST_SNAPSHOT_EVERY_EVENTS") ?? "7", CultureInfo.InvariantCulture);
var maxActiveLogBytes = long.Parse(Environment.GetEnvironmentVariable("EVENTFOLD_CRASHHOST_MAX_ACTIVE_LOG_BYTES") ?? "4096", CultureInfo.InvariantCulture);
// Group-commit scenarios write thousands of commands to one aggregate: resent commands must stay inside the window.
var idempotencyWindow = int.Parse(Environment.GetEnvironmentVariable("EVENTFOLD_CRASHHOST_IDEMPOTENCY_WINDOW") ?? "1000", CultureInfo.InvariantCulture);
// A small cap on open writers makes the pool close and reopen writers under load (0 = the default cap).
var maxOpenWriters = int.Parse(Environment.GetEnvironmentVariable("EVENTFOLD_CRASHHOST_MAX_OPEN_WRITERS") ?? "0", CultureInfo.InvariantCulture);

var withProjection = Environment.GetEnvironmentVariable("EVENTFOLD_CRASHHOST_PROJECTION") == "1";
var requests = Channel.CreateUnbounded<string>();
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

        Console.Error.WriteLine("stdin closed: the test process is gone, exiting");
        Environment.Exit(3);
    }) { IsBackground = true, Name = "stdin watch" }.Start();
}

using var host = new HostBuilder()
    .UseOrleans(silo => silo
        .UseLocalhostClustering(siloPort, gatewayPort)
        .AddEventFold(options =>
        {
            options.BaseDirectory = baseDirectory;
            options.SnapshotEveryEvents = snapshotEveryEvents;
            options.MaxActiveLogBytes = maxActiveLogBytes;
            options.IdempotencyWindow = idempotencyWindow;
            if (maxOpenWriters > 0)
            {
                options.MaxOpenWriters = maxOpenWriters;
            }
        })
        .ConfigureServices(services => services.PostConfigure<GrainTypeOptions>(o =>
        {
            if (!withProjection)
            {
                o.Classes.Remove(typeof(LedgerTallyGrain));
            }

            foreach (var type in SagaHost.GrainClasses)
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
var tasks = new List<Task>();
for (var w = 0; w < concurrency; w++)
{
    var worker = w;
    tasks.Add(Task.Run(() => LoadAsync(worker)));
}

tasks.Add(Task.Run(SweepAsync));
_ = Task.Run(ServeRequestsAsync);
await Task.WhenAll(tasks);
await Task.Delay(Timeout.Infinite);
return 0;

// The stdin requests of the projection crash test, one at a time.
async Task ServeRequestsAsync()
{
    await foreach (var request in requests.Reader.ReadAllAsync())
    {
        try
        {
            switch (request)
            {
                case "STOP":
                    await stopLoad.CancelAsync();
                    await Task.WhenAll(tasks);
                    Console.Out.WriteLine("STOPPED");
                    break;
                case "PROJECTION now" or "PROJECTION catchup" when withProjection:
                    var tally = grains.GetProjection<ILedgerTally>();
                    if (request.EndsWith("catchup", StringComparison.Ordinal))
                    {
                        await tally.CatchUpAsync();
                    }

                    var (state, status) = await tally.GetWithStatus();
                    Console.Out.WriteLine("PROJECTION " + JsonSerializer.Serialize(
                        new { tally = state, status.Rebuilds, status.LastRebuildReason, status.EventsApplied, status.StreamsTracked, status.LastError, status.LastCheckpoint },
                        JsonSerializerOptions.Web));
                    break;
                default:
                    Console.Out.WriteLine($"ERR - - unknown request \"{request}\"");
                    break;
            }
        }
        catch (Exception e)
        {
            Console.Out.WriteLine($"ERR - - request \"{request}\" failed: {e.GetType().Name}: {e.Message.ReplaceLineEndings(" | ")}");
        }
    }
}

string AggregateId(int index) => string.Create(CultureInfo.InvariantCulture, $"ledger-{index:D2}");

// Random commands on random aggregates, forever.
async Task LoadAsync(int worker)
{
    var random = new Random(HashCode.Combine(seed, worker));
    for (var n = 0L; !stopLoad.IsCancellationRequested; n++)
    {
        var id = AggregateId(random.Next(aggregates));
        var count = random.Next(1, 4);
        await ExecuteAsync(id, string.Create(CultureInfo.InvariantCulture, $"{seed}.{worker}.{n}.n{count}"), count, resend: false);
    }
}

// Resends the given commands of an earlier run, then one new command per aggregate (so each one is shown to accept commands).
async Task SweepAsync()
{
    if (resendFile is not null)
    {
        foreach (var line in await File.ReadAllLinesAsync(resendFile))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 3)
            {
                await ExecuteAsync(parts[0], parts[1], int.Parse(parts[2], CultureInfo.InvariantCulture), resend: true);
            }
        }
    }

    for (var i = 0; i < aggregates && !stopLoad.IsCancellationRequested; i++)
    {
        await ExecuteAsync(AggregateId(i), string.Create(CultureInfo.InvariantCulture, $"{seed}.sweep.{i}.n1"), 1, resend: false);
    }
}

async Task ExecuteAsync(string id, string commandId, int count, bool resend)
{
    try
    {
        var result = await grains.GetGrain<ILedgerAggregate>(id).Execute(new Post(count), new CommandContext { CommandId = commandId });
        if (!result.Succeeded)
        {
            Console.Out.WriteLine($"ERR {id} {commandId} rejected: {result.Error!.Code}");
        }
        else if (result.WasDuplicate != resend)
        {
            Console.Out.WriteLine($"ERR {id} {commandId} WasDuplicate={result.WasDuplicate}, expected {resend} (version {result.Version}, {result.Events.Length} events)");
        }
        else if (result.Events.Length != count)
        {
            Console.Out.WriteLine($"ERR {id} {commandId} returned {result.Events.Length} events, expected {count} (version {result.Version})");
        }
        else
        {
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{(resend ? "DUP" : "ACK")} {id} {commandId} {result.Events.Length} {result.Version}"));
        }
    }
    catch (Exception e)
    {
        Console.Out.WriteLine($"ERR {id} {commandId} {e.GetType().Name}: {e.Message.ReplaceLineEndings(" | ")}");
        Console.Error.WriteLine($"command {commandId} on {id} failed: {e}");
        await Task.Delay(50);
    }
}
