using System.Diagnostics;
using System.Runtime;
using EventFold.Benchmarks.Bus;
using EventFold.Benchmarks.Core;
using EventFold.Benchmarks.Harness;
using EventFold.Benchmarks.Cluster;
using EventFold.Benchmarks.ProcessManagers;
using EventFold.Benchmarks.Projections;

// The eventfold CLI's throughput (verify, stats) is its own run: it builds a 1M-event store first.
if (args.Contains("cli"))
{
    await EventFold.Benchmarks.Cli.CliBenchmarks.RunAsync(args);
    return;
}

var options = Options.Parse(args);
var table = new ResultTable();
var total = Stopwatch.StartNew();
Console.WriteLine($"EventFold benchmarks {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, "
    + $"{(GCSettings.IsServerGC ? "server" : "workstation")} GC, .NET {Environment.Version}, quick={options.Quick}, temp={Path.GetTempPath()}");
#if DEBUG
Console.WriteLine("WARNING: Debug build; run with -c Release for meaningful numbers.");
#endif

if (options.Core)
{
    new AppendBenchmarks(options, table).Run();
    new AppendBreakdown(options, table).Run();
    new ReadBenchmarks(options, table).Run();
}

if (options.Orleans)
{
    await new OrleansBenchmarks(options, table).RunAsync();
}

if (options.GroupCommit)
{
    await new GroupCommitBenchmarks(options, table).RunAsync();
}

if (options.Projections)
{
    await new ProjectionBenchmarks(options, table).RunAsync();
}

if (options.Bus)
{
    await new BusBenchmarks(options, table).RunAsync();
}

if (options.Sagas)
{
    await new SagaBenchmarks(options, table).RunAsync();
}

Console.WriteLine();
Console.WriteLine($"Results (medians of {options.Rounds} rounds after a warm-up; ratio = value / baseline, measured side by side):");
Console.WriteLine();
Console.Write(table.Render());
Console.WriteLine();
Console.WriteLine($"Total time {total.Elapsed.TotalSeconds:0} s");
