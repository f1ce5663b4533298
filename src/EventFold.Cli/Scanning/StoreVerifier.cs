using EventFold.Cli.Projections;
using EventFold.Cli.Store;

namespace EventFold.Cli.Scanning;

/// <summary>The result of verifying a store (or part of it).</summary>
/// <param name="Streams">Streams checked.</param>
/// <param name="Events">Events checked.</param>
/// <param name="Bytes">Bytes read (active logs and compressed archives).</param>
/// <param name="Findings">Everything found, Info included.</param>
/// <param name="Scans">The scan of each stream, by <c>type/id</c>.</param>
internal sealed record VerifyResult(int Streams, long Events, long Bytes, IReadOnlyList<Finding> Findings, IReadOnlyDictionary<string, StreamScan> Scans)
{
    /// <summary>No warning and no error.</summary>
    public bool Clean => Findings.All(f => f.Severity == Severity.Info);
}

/// <summary>Checks everything <c>verify</c> promises: lines, frames, batches, snapshots, registry, projection checkpoints.</summary>
internal static class StoreVerifier
{
    /// <summary>Verifies <paramref name="store"/>, limited to a type or one stream when given.</summary>
    /// <param name="store">The store.</param>
    /// <param name="type">Only this aggregate type.</param>
    /// <param name="id">Only this stream (with <paramref name="type"/>).</param>
    /// <param name="progress">Called with the bytes of each stream once it is checked, and the total up front.</param>
    /// <param name="ct">Stops between streams.</param>
    public static VerifyResult Verify(StoreLocation store, string? type, string? id, Action<long, long>? progress, CancellationToken ct)
    {
        var inventory = StreamInventory.Load(store, type, id);
        if (id is not null && inventory.Streams.Count == 0)
        {
            throw new CliException($"the store \"{store.Paths.BaseDirectory}\" has no stream {type}/{id}");
        }

        var findings = new List<Finding>();
        if (inventory.RegistryError is { } registryError)
        {
            findings.Add(new Finding(Severity.Error, "corrupt-registry", store.Paths.RegistryPath, null, registryError, null,
                "the app refuses to start; fix the named line by hand (streams are re-registered from their directories at start)"));
        }

        foreach (var stray in inventory.StrayDirectories)
        {
            findings.Add(new Finding(Severity.Warning, "stray-directory", stray, null,
                "a directory under streams/ that is not a valid aggregate type or encoded stream id: the runtime never wrote it and ignores it"));
        }

        long total = inventory.Streams.Sum(s => Size(s.Directory));
        progress?.Invoke(0, total);
        // Streams are independent: scan them on every core, then report in inventory order.
        var results = new StreamScan[inventory.Streams.Count];
        var progressGate = new Lock();
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = ct }, i =>
        {
            var stream = inventory.Streams[i];
            results[i] = StreamScanner.Scan(stream, verify: true);
            if (progress is not null)
            {
                lock (progressGate)
                {
                    progress(Size(stream.Directory), total);
                }
            }
        });

        var scans = new Dictionary<string, StreamScan>(StringComparer.Ordinal);
        long events = 0, bytes = 0;
        for (var i = 0; i < results.Length; i++)
        {
            var stream = inventory.Streams[i];
            var scan = results[i];
            scans[stream.Name] = scan;
            events += scan.Events;
            bytes += scan.Bytes;
            findings.AddRange(scan.Findings);
            if (!stream.Registered && scan.Events > 0)
            {
                findings.Add(new Finding(Severity.Warning, "unregistered-stream", stream.Directory, null,
                    "the stream holds events but meta/streams.jsonl has no line for it (a crash or power loss lost it); the app registers it again at its next start",
                    stream.Name));
            }
            else if (stream.Registered && scan.Events == 0)
            {
                findings.Add(new Finding(Severity.Info, "empty-stream", stream.Directory, null,
                    "registered but holds no events (its first command wrote nothing); the app does not list it", stream.Name));
            }
        }

        if (id is null)
        {
            foreach (var report in ProjectionInspector.Inspect(store, type is null ? inventory : StreamInventory.Load(store), scans))
            {
                if (type is not null && report.Streams.All(s => s.AggregateType != type))
                {
                    continue;
                }

                if (report.Error is not null)
                {
                    findings.Add(new Finding(Severity.Warning, "projection-checkpoint", Path.Combine(report.Directory, "state.json"), null,
                        $"projection '{report.Name}': {report.Error}; it rebuilds from all streams at its next activation", null,
                        "nothing to do, or eventfold repair <store> --rebuild-projection <name> --apply to start it over now"));
                }

                foreach (var problem in report.Streams.Where(s => s.Problem is not null))
                {
                    findings.Add(new Finding(Severity.Warning, "projection-cursor", report.Checkpoint?.CursorsFile ?? report.Directory, null,
                        $"projection '{report.Name}' does not continue {problem.AggregateType}/{problem.Id}: {problem.Problem}; it rebuilds at its next activation",
                        $"{problem.AggregateType}/{problem.Id}",
                        $"eventfold repair <store> --rebuild-projection {report.Name} --apply"));
                }
            }
        }

        if (id is null)
        {
            findings.AddRange(ProcessManagerChecks.Check(store, type is null ? inventory : StreamInventory.Load(store), scans, type));
        }

        return new VerifyResult(inventory.Streams.Count, events, bytes, findings, scans);
    }

    private static long Size(string directory)
    {
        long size = 0;
        foreach (var name in new[] { "app.jsonl", "archive.jsonl.zst" })
        {
            var info = new FileInfo(Path.Combine(directory, name));
            size += info.Exists ? info.Length : 0;
        }

        return size;
    }
}
