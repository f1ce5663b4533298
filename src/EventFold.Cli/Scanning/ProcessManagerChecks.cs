using EventFold.Cli.Projections;
using EventFold.Cli.Store;
using EventFold.Orleans.ProcessManagers;

namespace EventFold.Cli.Scanning;

/// <summary>The <c>verify</c> checks of <c>&lt;base&gt;/process-managers/&lt;name&gt;/</c>: the checkpoint continues its streams, the dead-letter file parses.</summary>
internal static class ProcessManagerChecks
{
    private const string StartsOver = "it starts over at its next activation, reacting again to every event (its targets deduplicate the commands they already applied)";

    /// <summary>Findings for every process manager (or, with <paramref name="type"/>, those following that type; dead-letter files are then checked only without a type).</summary>
    public static IEnumerable<Finding> Check(StoreLocation store, StreamInventory inventory, IDictionary<string, StreamScan> scans, string? type)
    {
        foreach (var report in ProjectionInspector.InspectProcessManagers(store, inventory, scans))
        {
            if (type is not null && report.Streams.All(s => s.AggregateType != type))
            {
                continue;
            }

            if (report.Error is not null)
            {
                yield return new Finding(Severity.Warning, "process-manager-checkpoint", Path.Combine(report.Directory, "state.json"), null,
                    $"process manager '{report.Name}': {report.Error}; {StartsOver}");
            }

            foreach (var problem in report.Streams.Where(s => s.Problem is not null))
            {
                yield return new Finding(Severity.Warning, "process-manager-cursor", report.Checkpoint?.CursorsFile ?? report.Directory, null,
                    $"process manager '{report.Name}' does not continue {problem.AggregateType}/{problem.Id}: {problem.Problem}; {StartsOver}",
                    $"{problem.AggregateType}/{problem.Id}");
            }
        }

        if (type is not null || !Directory.Exists(store.ProcessManagersDirectory))
        {
            yield break;
        }

        foreach (var directory in Directory.EnumerateDirectories(store.ProcessManagersDirectory).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(directory);
            var contents = DeadLetterFile.Read(directory);
            foreach (var offset in contents.DamagedLineOffsets)
            {
                yield return new Finding(Severity.Error, "corrupt-dead-letter", contents.Path, offset,
                    $"process manager '{name}': this dead-letter line does not parse; the runtime skips it, so the letter (or the attempt or resolution) it held is lost to it",
                    null, "inspect the line by hand; the other letters are still listed by eventfold dead-letters");
            }

            if (contents.TornBytes > 0)
            {
                yield return new Finding(Severity.Warning, "torn-dead-letter", contents.Path, contents.CompleteLength,
                    $"process manager '{name}': a torn last line of {contents.TornBytes} bytes (a crash mid-append); the runtime ignores it and cuts it off at its next activation");
            }
        }
    }
}
