using System.Globalization;
using EventFold.Cli.Output;
using EventFold.Cli.Scanning;
using EventFold.Cli.Store;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EventFold.Cli.Commands;

/// <summary><c>stats &lt;store&gt;</c>: streams, events, bytes, archive ratio, largest streams, snapshot coverage.</summary>
/// <param name="console">Where the output goes.</param>
public sealed class StatsCommand(IAnsiConsole console) : Command<StoreSettings>
{
    private const int Largest = 10;

    /// <inheritdoc />
    public override int Execute(CommandContext context, StoreSettings settings, CancellationToken cancellationToken)
    {
        var store = StoreLocation.Open(settings.Store);
        var inventory = StreamInventory.Load(store);
        var scans = ParallelScan.Count(inventory.Streams, cancellationToken);

        var withEvents = scans.Where(s => s.Scan.Events > 0).ToList();
        long events = scans.Sum(s => s.Scan.Events), archived = scans.Sum(s => s.Scan.ArchivedEvents);
        long activeBytes = scans.Sum(s => s.Scan.ActiveBytes), archiveBytes = scans.Sum(s => s.Scan.ArchiveBytes);
        long archiveRaw = scans.Sum(s => s.Scan.ArchiveRawBytes);
        int snapshots = withEvents.Count(s => s.Scan.HasSnapshot);
        double? ratio = archiveBytes > 0 ? (double)archiveRaw / archiveBytes : null;
        var largest = withEvents.OrderByDescending(s => s.Scan.Events).ThenBy(s => s.Stream.Name, StringComparer.Ordinal).Take(Largest).ToList();
        if (settings.Json)
        {
            JsonOutput.Write(console, w =>
            {
                w.WriteStartObject();
                w.WriteString("store", store.Paths.BaseDirectory);
                w.WriteNumber("types", withEvents.Select(s => s.Stream.AggregateType).Distinct().Count());
                w.WriteNumber("streams", withEvents.Count);
                w.WriteNumber("events", events);
                w.WriteNumber("archived_events", archived);
                w.WriteNumber("active_bytes", activeBytes);
                w.WriteNumber("archive_bytes", archiveBytes);
                w.WriteNumber("archive_uncompressed_bytes", archiveRaw);
                if (ratio is { } r)
                {
                    w.WriteNumber("archive_ratio", Math.Round(r, 2));
                }
                else
                {
                    w.WriteNull("archive_ratio");
                }

                w.WriteNumber("streams_with_snapshot", snapshots);
                w.WriteStartArray("largest");
                foreach (var (stream, scan) in largest)
                {
                    w.WriteStartObject();
                    w.WriteString("type", stream.AggregateType);
                    w.WriteString("id", stream.Id);
                    w.WriteNumber("events", scan.Events);
                    w.WriteNumber("bytes", scan.Bytes);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            });
            return ExitCodes.Ok;
        }

        var summary = new Table().AddColumns("", "value").HideHeaders();
        summary.AddRow("streams", withEvents.Count.ToString(CultureInfo.InvariantCulture));
        summary.AddRow("events", $"{events} ({archived} archived)");
        summary.AddRow("active logs", Sizes.Bytes(activeBytes));
        summary.AddRow("archives", ratio is { } x
            ? $"{Sizes.Bytes(archiveBytes)} ({Sizes.Bytes(archiveRaw)} uncompressed, ratio {x.ToString("0.0", CultureInfo.InvariantCulture)}x)"
            : "none");
        summary.AddRow("snapshot coverage", withEvents.Count == 0 ? "-" : $"{snapshots}/{withEvents.Count} streams ({(100.0 * snapshots / withEvents.Count).ToString("0", CultureInfo.InvariantCulture)}%)");
        console.Write(summary);
        if (largest.Count > 0)
        {
            var table = new Table().Title("largest streams").AddColumns("stream", "events", "size");
            foreach (var (stream, scan) in largest)
            {
                table.AddRow(Markup.Escape(stream.Name), scan.Events.ToString(CultureInfo.InvariantCulture), Sizes.Bytes(scan.Bytes));
            }

            console.Write(table);
        }

        return ExitCodes.Ok;
    }
}
