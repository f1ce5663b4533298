using System.Text.Json;

namespace EventFold.Cli.Scanning;

/// <summary>Checks that each <c>views/*.snapshot.json</c> of a stream continues its log, as the runtime checks before trusting one.</summary>
internal static class SnapshotCheck
{
    /// <summary>The aggregate snapshot's file name in <c>views/</c>.</summary>
    public const string AggregateSnapshot = "state.snapshot.json";

    /// <summary>Adds a finding for every snapshot the runtime would not use; sets <see cref="StreamScan.SnapshotValid"/>.</summary>
    /// <param name="directory">The stream's log directory (already scanned with <c>verify</c>).</param>
    /// <param name="name"><c>type/id</c> for findings.</param>
    /// <param name="scan">The verifying scan of the stream.</param>
    public static void Check(string directory, string name, StreamScan scan)
    {
        var views = Path.Combine(directory, "views");
        if (!Directory.Exists(views))
        {
            return;
        }

        foreach (var path in Directory.EnumerateFiles(views, "*.snapshot.json").Order(StringComparer.Ordinal))
        {
            var reason = Problem(directory, path, scan);
            if (Path.GetFileName(path) == AggregateSnapshot)
            {
                scan.SnapshotValid = reason is null;
            }

            if (reason is not null)
            {
                scan.Findings.Add(new Finding(Severity.Warning, "stale-snapshot", path, null,
                    $"the snapshot will not be used: {reason}; the runtime replays the log instead and saves a new one", name,
                    "eventfold repair <store> --apply moves it to the backup so a fresh one is written at the next load"));
            }
        }
    }

    /// <summary>Why the runtime would ignore the snapshot, or <see langword="null"/> when it continues the log.</summary>
    internal static string? Problem(string directory, string path, StreamScan scan)
    {
        JsonDocument document;
        try
        {
            using var stream = LogInspection.OpenReadNoLock(path);
            document = JsonDocument.Parse(stream);
        }
        catch (JsonException e)
        {
            return $"it is not valid JSON ({e.Message})";
        }
        catch (FileNotFoundException)
        {
            return null; // replaced while we looked
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("offset", out var offsetElement) || !offsetElement.TryGetInt64(out var offset) || offset < 0
                || !root.TryGetProperty("hash", out var hashElement) || hashElement.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("state", out var state))
            {
                return "it lacks a valid state, offset or hash";
            }

            if (offset > scan.ActiveBytes)
            {
                return $"its offset {offset} is past the end of app.jsonl ({scan.ActiveBytes} bytes)";
            }

            var hash = hashElement.GetString();
            if (offset > 0 && new EventReader(directory).ReadLineHashBefore(offset) != hash)
            {
                return $"the line before its offset {offset} no longer has hash {hash}";
            }

            if (Path.GetFileName(path) != AggregateSnapshot || state.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            // The aggregate's snapshot state: { version, view, archiveLength } in the app's JSON naming.
            if (Find(state, "archivelength") is { } archive)
            {
                if (archive.ValueKind == JsonValueKind.Number && archive.GetInt64() != scan.CommittedArchiveBytes)
                {
                    return $"it continues an archive of {archive.GetInt64()} bytes, the archive has {scan.CommittedArchiveBytes}";
                }
            }
            else
            {
                return "it was written by an earlier release (no archive length); the log is replayed once";
            }

            if (Find(state, "version") is { ValueKind: JsonValueKind.Number } version)
            {
                long expected = scan.ArchivedEvents + CountEndingAtOrBefore(scan.EventEnds, offset);
                if (version.GetInt64() != expected)
                {
                    return $"it says {version.GetInt64()} events are folded, but {expected} events lie before its offset";
                }
            }

            return null;
        }
    }

    private static JsonElement? Find(JsonElement obj, string normalizedName)
    {
        foreach (var property in obj.EnumerateObject())
        {
            if (string.Equals(property.Name.Replace("_", "", StringComparison.Ordinal), normalizedName, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }

    private static long CountEndingAtOrBefore(List<long> ends, long offset)
    {
        int index = ends.BinarySearch(offset);
        if (index < 0)
        {
            return ~index;
        }

        // Equal ends (a batch) all count: move past the last one.
        while (index + 1 < ends.Count && ends[index + 1] == offset)
        {
            index++;
        }

        return index + 1;
    }
}
