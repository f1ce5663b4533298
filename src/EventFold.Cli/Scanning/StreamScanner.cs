using EventFold.Cli.Store;

namespace EventFold.Cli.Scanning;

/// <summary>Scans one stream directory: archive, active log and (when verifying) snapshots.</summary>
internal static class StreamScanner
{
    /// <summary>Scans <paramref name="stream"/>; takes no lock and writes nothing.</summary>
    /// <param name="stream">The stream.</param>
    /// <param name="verify">Parse every line and check snapshots; otherwise only count (fast).</param>
    /// <returns>What was found.</returns>
    public static StreamScan Scan(StreamEntry stream, bool verify)
    {
        var scan = new StreamScan();
        if (!stream.OnDisk)
        {
            return scan;
        }

        ArchiveScanner.Scan(stream.Directory, stream.Name, verify, scan);
        ActiveLogScanner.Scan(stream.Directory, stream.Name, verify, scan);
        var snapshot = Path.Combine(stream.Directory, "views", SnapshotCheck.AggregateSnapshot);
        scan.HasSnapshot = File.Exists(snapshot);
        scan.LastWrite = LastWrite(stream.Directory);
        if (verify)
        {
            SnapshotCheck.Check(stream.Directory, stream.Name, scan);
        }

        return scan;
    }

    private static DateTimeOffset? LastWrite(string directory)
    {
        DateTimeOffset? latest = null;
        foreach (var name in new[] { "app.jsonl", "archive.jsonl.zst" })
        {
            var info = new FileInfo(Path.Combine(directory, name));
            if (info.Exists && (latest is null || info.LastWriteTimeUtc > latest))
            {
                latest = new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero);
            }
        }

        return latest;
    }
}
