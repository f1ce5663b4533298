using System.Globalization;
using EventFold.Cli.Output;
using EventFold.Cli.Projections;
using EventFold.Cli.Store;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EventFold.Cli.Commands;

/// <summary><c>projections &lt;store&gt;</c>: each projection and process-manager checkpoint's status and lag behind its streams.</summary>
/// <param name="console">Where the output goes.</param>
public sealed class ProjectionsCommand(IAnsiConsole console) : Command<StoreSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, StoreSettings settings, CancellationToken cancellationToken)
    {
        var store = StoreLocation.Open(settings.Store);
        var inventory = StreamInventory.Load(store);
        var counts = new Dictionary<string, Scanning.StreamScan>(StringComparer.Ordinal);
        var projections = ProjectionInspector.Inspect(store, inventory, counts);
        var managers = ProjectionInspector.InspectProcessManagers(store, inventory, counts);
        var reports = projections.Select(r => (Kind: "projection", Report: r)).Concat(managers.Select(r => (Kind: "process manager", Report: r))).ToList();
        if (settings.Json)
        {
            JsonOutput.Write(console, w =>
            {
                w.WriteStartObject();
                w.WriteString("store", store.Paths.BaseDirectory);
                WriteReports(w, "projections", projections);
                WriteReports(w, "process_managers", managers);
                w.WriteEndObject();
            });
        }
        else if (reports.Count == 0)
        {
            console.MarkupLine("no projection or process-manager checkpoints in this store");
        }
        else
        {
            var table = new Table().AddColumns("kind", "name", "version", "saved", "streams", "lag (events)", "status");
            foreach (var (kind, r) in reports)
            {
                var color = r.Status switch { "ok" => "green", "behind" => "yellow", _ => "red" };
                table.AddRow(kind, Markup.Escape(r.Name), r.Checkpoint?.Version.ToString(CultureInfo.InvariantCulture) ?? "-", Sizes.Time(r.Checkpoint?.SavedAt),
                    r.Streams.Count.ToString(CultureInfo.InvariantCulture), r.Lag.ToString(CultureInfo.InvariantCulture), $"[{color}]{r.Status}[/]");
            }

            console.Write(table);
            foreach (var (kind, r) in reports)
            {
                var after = kind == "projection" ? "it rebuilds at its next activation" : "it starts over at its next activation (its targets deduplicate commands they already applied)";
                if (r.Error is not null)
                {
                    console.MarkupLineInterpolated($"[red]{r.Name}[/]: {r.Error}; {after}");
                }

                foreach (var s in r.Streams.Where(s => s.Problem is not null))
                {
                    console.MarkupLineInterpolated($"[red]{r.Name}[/] {s.AggregateType}/{s.Id}: {s.Problem}; {after}");
                }
            }
        }

        return reports.Any(r => r.Report.Status is "rebuild" or "unreadable") ? ExitCodes.Findings : ExitCodes.Ok;
    }

    private static void WriteReports(System.Text.Json.Utf8JsonWriter w, string name, IReadOnlyList<ProjectionReport> reports)
    {
        w.WriteStartArray(name);
        foreach (var r in reports)
        {
            w.WriteStartObject();
            w.WriteString("name", r.Name);
            w.WriteString("directory", r.Directory);
            w.NumberOrNull("version", r.Checkpoint?.Version);
            w.TimeOrNull("saved_at", r.Checkpoint?.SavedAt);
            w.WriteString("status", r.Status);
            w.StringOrNull("error", r.Error);
            w.WriteNumber("lag", r.Lag);
            w.WriteStartArray("streams");
            foreach (var s in r.Streams)
            {
                w.WriteStartObject();
                w.WriteString("type", s.AggregateType);
                w.WriteString("id", s.Id);
                w.WriteNumber("version", s.Version);
                w.WriteNumber("stream_events", s.StreamEvents);
                w.WriteNumber("lag", s.Lag);
                w.StringOrNull("problem", s.Problem);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}
