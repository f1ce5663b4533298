namespace EventFold.Cli.Scanning;

/// <summary>What a scan of one stream directory found: sizes, counts and problems.</summary>
internal sealed class StreamScan
{
    /// <summary>Events in the active log (complete lines of complete batches).</summary>
    public long ActiveEvents { get; set; }

    /// <summary>Events in the archive.</summary>
    public long ArchivedEvents { get; set; }

    /// <summary>Size of <c>app.jsonl</c>.</summary>
    public long ActiveBytes { get; set; }

    /// <summary>Size of <c>archive.jsonl.zst</c> (compressed).</summary>
    public long ArchiveBytes { get; set; }

    /// <summary>Decompressed size of the archive's frames that decoded.</summary>
    public long ArchiveRawBytes { get; set; }

    /// <summary>Committed archive length (what readers use).</summary>
    public long CommittedArchiveBytes { get; set; }

    /// <summary>End of the last complete line that also completes its batch: where a writer opening now would cut.</summary>
    public long CompleteEnd { get; set; }

    /// <summary>The latest modification time of the log files.</summary>
    public DateTimeOffset? LastWrite { get; set; }

    /// <summary>Whether <c>views/state.snapshot.json</c> exists.</summary>
    public bool HasSnapshot { get; set; }

    /// <summary>Whether the aggregate snapshot continues the log (only known after a verifying scan).</summary>
    public bool? SnapshotValid { get; set; }

    /// <summary>End offsets of the active log's events, in order (verifying scans only): event n ends at <c>EventEnds[n]</c>.</summary>
    public List<long> EventEnds { get; } = [];

    /// <summary>The problems found.</summary>
    public List<Finding> Findings { get; } = [];

    /// <summary>All events of the stream.</summary>
    public long Events => ActiveEvents + ArchivedEvents;

    /// <summary>Bytes on disk of the log files.</summary>
    public long Bytes => ActiveBytes + ArchiveBytes;
}
