using System.Diagnostics;
using System.Text;
using System.Text.Json;
using EventFold.Benchmarks.Harness;
using EventFold.Cli;
using EventFold.Orleans.Store;
using Spectre.Console;

namespace EventFold.Benchmarks.Cli;

/// <summary>
/// Throughput of <c>eventfold verify</c> and <c>eventfold stats</c> (in-process, JSON output) on a store of 1,000 streams
/// x 1,000 events (half of each stream rotated into its archive). Run: <c>dotnet run -c Release --project
/// tests/EventFold.Benchmarks -- cli [--quick]</c>. Target: verify >= 1M events/s.
/// </summary>
public static class CliBenchmarks
{
    public static async Task RunAsync(string[] args)
    {
        var quick = args.Contains("--quick");
        int streams = quick ? 100 : 1000, perStream = 1000, rounds = quick ? 3 : 5;
        using var dir = new TempDir("cli");
        var store = dir.Sub("store");
        var build = Stopwatch.StartNew();
        await BuildAsync(store, streams, perStream);
        Console.WriteLine($"store: {streams} streams x {perStream} events written in {build.Elapsed.TotalSeconds:0.0} s ({Size(store) / 1e6:0} MB on disk)");

        long expected = (long)streams * perStream;
        foreach (var command in new[] { "verify", "stats" })
        {
            var times = new List<double>();
            var cpu = new List<double>();
            for (var round = 0; round <= rounds; round++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
                var watch = Stopwatch.StartNew();
                var (code, output) = await RunCommandAsync(command, store, "--json");
                watch.Stop();
                var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
                using var json = JsonDocument.Parse(output);
                var events = json.RootElement.GetProperty("events").GetInt64();
                if (code != ExitCodes.Ok || events != expected)
                {
                    throw new InvalidOperationException($"{command} exited {code} with {events} events (expected {expected}):\n{output[..Math.Min(2000, output.Length)]}");
                }

                if (round > 0)
                {
                    times.Add(watch.Elapsed.TotalSeconds); // round 0 is the warm-up
                    cpu.Add(cpuSeconds);
                }
            }

            // Wall clock on a shared machine says little alone: CPU time shows what the scan costs when it gets the cores.
            var rates = times.Select(t => expected / t / 1e6).ToList();
            times.Sort();
            cpu.Sort();
            var median = times[times.Count / 2];
            Console.WriteLine($"{command,-6} median {median:0.000} s wall = {expected / median / 1e6:0.00} M events/s; median CPU {cpu[cpu.Count / 2]:0.000} s "
                + $"= {expected / cpu[cpu.Count / 2] / 1e6:0.00} M events per CPU-second; rounds: {string.Join(", ", rates.Select(r => $"{r:0.00}"))} M/s; load average {(File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a")}");
        }
    }

    private static async Task<(int Code, string Output)> RunCommandAsync(params string[] args)
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        var code = await EventFoldCli.RunAsync(args, console, CancellationToken.None);
        return (code, writer.ToString());
    }

    /// <summary>The store layout the runtime writes: registry lines, one log per stream, batches of 10, half of each log archived.</summary>
    private static async Task BuildAsync(string store, int streams, int perStream)
    {
        var paths = new StorePaths(store);
        using var registry = await StreamRegistry.OpenAsync(paths, shared: false, Durability.Buffered, TimeProvider.System, CancellationToken.None);
        var options = new EventWriterOptions { Durability = Durability.Buffered };
        for (var s = 0; s < streams; s++)
        {
            var id = $"order-{s:D5}";
            await registry.EnsureRegisteredAsync("order", id, CancellationToken.None);
            using var writer = EventWriter.Open(paths.StreamDirectory("order", id), options);
            for (var n = 0; n < perStream; n += 10)
            {
                var batch = new Event[10];
                for (var i = 0; i < 10; i++)
                {
                    var data = Encoding.UTF8.GetBytes($"{{\"amount\":{n + i},\"sku\":\"sku-{(n + i) % 97:D3}\",\"note\":\"benchmark event\"}}");
                    batch[i] = new Event("order-line-added", data, 1_764_000_000 + (ulong)(n + i), id: $"{id}-{n + i}");
                }

                writer.AppendBatch(batch);
                if (n + 10 == perStream / 2)
                {
                    writer.Rotate();
                }
            }
        }
    }

    private static long Size(string directory) =>
        Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
}
