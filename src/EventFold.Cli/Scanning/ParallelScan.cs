using EventFold.Cli.Store;

namespace EventFold.Cli.Scanning;

/// <summary>Counting scans of many streams on every core (streams are independent), results in input order.</summary>
internal static class ParallelScan
{
    /// <summary>Scans each stream with <see cref="StreamScanner.Scan"/> (counting only).</summary>
    public static List<(StreamEntry Stream, StreamScan Scan)> Count(IReadOnlyList<StreamEntry> streams, CancellationToken ct)
    {
        var results = new StreamScan[streams.Count];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = ct },
            i => results[i] = StreamScanner.Scan(streams[i], verify: false));
        return [.. streams.Select((s, i) => (s, results[i]))];
    }
}
