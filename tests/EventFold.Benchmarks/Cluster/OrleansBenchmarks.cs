using EventFold.Benchmarks.Harness;

namespace EventFold.Benchmarks.Cluster;

/// <summary>Rows 4 and 5: one silo per EventFold durability, each also hosting the LogStorage baseline.</summary>
public sealed class OrleansBenchmarks(Options options, ResultTable table)
{
    public async Task RunAsync()
    {
        using var temp = new TempDir("orleans");
        foreach (var durability in new[] { Durability.Durable, Durability.Buffered })
        {
            var started = System.Diagnostics.Stopwatch.StartNew();
            await using var silo = await SiloHost.StartAsync(temp.Sub($"store-{durability}"), durability);
            Console.WriteLine($"[orleans] silo with EventFold {durability} started in {started.Elapsed.TotalSeconds:0.0} s");
            await new CommandBenchmarks(options, table, silo, temp).RunAsync();
            if (durability == Durability.Buffered)
            {
                await new ReactivationBenchmark(options, table, silo).RunAsync();
            }
        }
    }
}
