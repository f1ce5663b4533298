using EventFold.Cli.Projections;
using EventFold.Cli.Scanning;
using EventFold.Cli.Store;

namespace EventFold.Cli.Repair;

/// <summary>The fixes for what <c>verify</c> finds in a scope, and the findings no automatic fix covers.</summary>
internal sealed class RepairPlan
{
    private RepairPlan(List<RepairAction> actions, List<Finding> unfixed)
    {
        Actions = actions;
        Unfixed = unfixed;
    }

    /// <summary>The fixes, streams first, projections last.</summary>
    public List<RepairAction> Actions { get; }

    /// <summary>Problems left as they are (corrupt lines or archives without <c>--quarantine</c>, registry damage, …).</summary>
    public List<Finding> Unfixed { get; }

    /// <summary>Plans the fixes for <paramref name="store"/> (read-only).</summary>
    /// <param name="store">The store.</param>
    /// <param name="type">Only this aggregate type.</param>
    /// <param name="id">Only this stream.</param>
    /// <param name="quarantine">Quarantine streams with errors (or the one named stream even without).</param>
    /// <param name="rebuildSnapshot">Rebuild the named stream's snapshot even if it looks valid.</param>
    /// <param name="rebuildProjections">Projections to rebuild even if their checkpoints look valid.</param>
    public static RepairPlan Make(StoreLocation store, string? type, string? id, bool quarantine, bool rebuildSnapshot, IReadOnlyCollection<string> rebuildProjections)
    {
        var result = StoreVerifier.Verify(store, type, id, null, CancellationToken.None);
        var actions = new List<RepairAction>();
        var unfixed = new List<Finding>();
        var inventory = StreamInventory.Load(store, type, id);
        var byName = inventory.Streams.ToDictionary(s => s.Name, StringComparer.Ordinal);
        var quarantined = new HashSet<string>(StringComparer.Ordinal);
        if (quarantine)
        {
            var targets = id is not null
                ? inventory.Streams.Where(s => s.OnDisk).Select(s => s.Name)
                : result.Findings.Where(f => f.Severity == Severity.Error && f.Stream is not null && byName.ContainsKey(f.Stream)).Select(f => f.Stream!);
            foreach (var name in targets.Distinct(StringComparer.Ordinal))
            {
                quarantined.Add(name);
                actions.Add(new RepairAction("quarantine-stream", name, byName[name].Directory,
                    "move the whole stream directory to <store>/quarantine/ (nothing is deleted; the app no longer sees the stream, a new command starts it empty)"));
            }
        }

        // A stream with unreadable data is left whole (its snapshot may be the best copy of its state) until it is quarantined.
        var damaged = result.Findings.Where(f => f.Severity == Severity.Error && f.Stream is not null).Select(f => f.Stream!).ToHashSet(StringComparer.Ordinal);
        foreach (var finding in result.Findings.Where(f => f.Severity != Severity.Info))
        {
            if (finding.Stream is { } name && quarantined.Contains(name))
            {
                continue;
            }

            if (finding.Stream is { } hurt && damaged.Contains(hurt) && finding.Kind is "torn-tail" or "rotation-pending" or "stale-snapshot")
            {
                unfixed.Add(finding);
                continue;
            }

            switch (finding.Kind)
            {
                case "torn-tail":
                    actions.Add(new RepairAction("drop-torn-tail", finding.Stream!, finding.File,
                        $"back up app.jsonl, then let the writer cut the torn bytes from offset {finding.Offset} (a complete event missing only its LF gets its LF instead); acknowledged events are never removed"));
                    break;
                case "rotation-pending":
                    actions.Add(new RepairAction("settle-rotation", finding.Stream!, finding.File,
                        "back up app.jsonl and the archive, then let the writer complete or roll back the interrupted rotation"));
                    break;
                case "stale-snapshot":
                    actions.Add(new RepairAction("rebuild-snapshot", finding.Stream!, finding.File,
                        "move the snapshot to the backup; the app replays the log at the stream's next load and saves a fresh one"));
                    break;
                case "projection-checkpoint" or "projection-cursor":
                    break; // planned per projection below
                default:
                    unfixed.Add(finding);
                    break;
            }
        }

        if (rebuildSnapshot && id is not null && inventory.Streams.FirstOrDefault(s => s.OnDisk) is { } stream && !quarantined.Contains(stream.Name)
            && actions.All(a => a.Kind != "rebuild-snapshot" || a.Target != stream.Name))
        {
            var path = Path.Combine(stream.Directory, "views", SnapshotCheck.AggregateSnapshot);
            if (File.Exists(path))
            {
                actions.Add(new RepairAction("rebuild-snapshot", stream.Name, path,
                    "move the snapshot to the backup; the app replays the log at the stream's next load and saves a fresh one"));
            }
        }

        foreach (var report in ProjectionInspector.Inspect(store, StreamInventory.Load(store), result.Scans.ToDictionary()))
        {
            bool asked = rebuildProjections.Contains(report.Name, StringComparer.Ordinal);
            bool needed = id is null && report.Status is "rebuild" or "unreadable" && (type is null || report.Streams.Any(s => s.AggregateType == type));
            // A projection that has folded a stream about to be quarantined would find it gone and rebuild anyway: do it now.
            bool follows = report.Streams.Any(s => s.Version > 0 && quarantined.Contains($"{s.AggregateType}/{s.Id}"));
            if (asked || needed || follows)
            {
                actions.Add(new RepairAction("rebuild-projection", report.Name, report.Directory,
                    "move the checkpoint (state.json and cursor files) to the backup; the projection rebuilds from all streams at its next activation"));
            }
        }

        foreach (var name in rebuildProjections.Where(n => actions.All(a => a.Kind != "rebuild-projection" || a.Target != n)))
        {
            throw new CliException($"there is no projection checkpoint '{name}' under {store.ProjectionsDirectory} (run: eventfold projections {store.Paths.BaseDirectory})");
        }

        return new RepairPlan(actions, unfixed);
    }
}
