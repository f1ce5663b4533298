using EventFold.Benchmarks.Harness;

namespace EventFold.Benchmarks.Cluster;

public sealed class OrleansBenchmarks(Options options, ResultTable table)
{
    public Task RunAsync()
    {
        _ = (options, table);
        return Task.CompletedTask;
    }
}
