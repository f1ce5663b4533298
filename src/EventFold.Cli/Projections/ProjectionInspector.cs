using EventFold.Cli.Scanning;
using EventFold.Cli.Store;
using EventFold.Orleans.Projections;

namespace EventFold.Cli.Projections;

/// <summary>Reads every projection checkpoint of a store and compares its cursors with the streams; reads only, takes no lock.</summary>
internal static class ProjectionInspector
{
    /// <summary>The reports of all projections (folders under <c>&lt;base&gt;/projections</c>), by name.</summary>
    /// <param name="store">The store.</param>
    /// <param name="inventory">Its streams.</param>
    /// <param name="counts">Event counts of streams already scanned, by <c>type/id</c>; missing ones are scanned.</param>
    public static IReadOnlyList<ProjectionReport> Inspect(StoreLocation store, StreamInventory inventory, IDictionary<string, StreamScan>? counts = null) =>
        InspectUnder(store.ProjectionsDirectory, inventory, counts);

    /// <summary>
    /// The reports of all process managers (folders under <c>&lt;base&gt;/process-managers</c>), by name: their checkpoints
    /// are written by the same checkpoint store as projections', with the same rule that a cursor continues its stream.
    /// </summary>
    /// <param name="store">The store.</param>
    /// <param name="inventory">Its streams.</param>
    /// <param name="counts">Event counts of streams already scanned, by <c>type/id</c>; missing ones are scanned.</param>
    public static IReadOnlyList<ProjectionReport> InspectProcessManagers(StoreLocation store, StreamInventory inventory, IDictionary<string, StreamScan>? counts = null) =>
        InspectUnder(store.ProcessManagersDirectory, inventory, counts);

    private static IReadOnlyList<ProjectionReport> InspectUnder(string root, StreamInventory inventory, IDictionary<string, StreamScan>? counts)
    {
        if (!Directory.Exists(root))
        {
            return [];
        }

        counts ??= new Dictionary<string, StreamScan>(StringComparer.Ordinal);
        var reports = new List<ProjectionReport>();
        foreach (var directory in Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal))
        {
            var checkpoint = ProjectionCheckpointInspection.TryRead(directory, out var error);
            if (checkpoint is null)
            {
                reports.Add(new ProjectionReport(directory, null, error, []));
                continue;
            }

            var cursors = checkpoint.Cursors.ToDictionary(c => $"{c.AggregateType}/{c.Id}", StringComparer.Ordinal);
            var types = checkpoint.Cursors.Select(c => c.AggregateType).ToHashSet(StringComparer.Ordinal);
            var streams = new List<ProjectionStreamState>();
            foreach (var stream in inventory.Streams.Where(s => types.Contains(s.AggregateType)))
            {
                if (!counts.TryGetValue(stream.Name, out var scan))
                {
                    scan = counts[stream.Name] = StreamScanner.Scan(stream, verify: false);
                }

                if (!cursors.Remove(stream.Name, out var cursor))
                {
                    streams.Add(new ProjectionStreamState(stream.AggregateType, stream.Id, 0, scan.Events, null));
                    continue;
                }

                streams.Add(new ProjectionStreamState(stream.AggregateType, stream.Id, cursor.Cursor.Version, scan.Events, Problem(stream, cursor, scan)));
            }

            foreach (var orphan in cursors.Values)
            {
                streams.Add(new ProjectionStreamState(orphan.AggregateType, orphan.Id, orphan.Cursor.Version, 0,
                    $"its cursor is at event {orphan.Cursor.Version} but the stream has no directory"));
            }

            reports.Add(new ProjectionReport(directory, checkpoint, null, streams));
        }

        return reports;
    }

    // The projection's own rule (FileStreamSource): a cursor continues its stream when the line before its offset has its
    // hash, or else when the event at its version (archive, then active log) has it.
    private static string? Problem(StreamEntry stream, ProjectionCursorInfo cursor, StreamScan scan)
    {
        var (version, offset, hash) = (cursor.Cursor.Version, cursor.Cursor.Offset, cursor.Cursor.Hash);
        var reader = new EventReader(stream.Directory);
        if (version == 0 || (offset > 0 && reader.ReadLineHashBefore(offset) == hash))
        {
            return null;
        }

        if (version > scan.Events)
        {
            return $"its cursor is at event {version}, the stream holds {scan.Events}";
        }

        try
        {
            var at = reader.ReadFull().Skip((int)Math.Min(version - 1, int.MaxValue)).Select(r => r.LineHash).FirstOrDefault();
            return at == hash ? null : $"event {version} of the stream has hash {at ?? "(none)"}, its cursor expects {hash}";
        }
        catch (EventFoldException e)
        {
            return $"the stream cannot be read up to its cursor: {e.Message}";
        }
    }
}
