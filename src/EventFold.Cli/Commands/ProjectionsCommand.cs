using System.Globalization;
using EventFold.Cli.Output;
using EventFold.Cli.Projections;
using EventFold.Cli.Store;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EventFold.Cli.Commands;

/// <summary><c>projections &lt;store&gt;</c>: each projection checkpoint's status and lag behind its streams.</summary>
/// <param name="console">Where the output goes.</param>
public sealed class ProjectionsCommand(IAnsiConsole console) : Command<StoreSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, StoreSettings settings, CancellationToken cancellationToken)
    {
        var store = StoreLocation.Open(settings.Store);
        var reports = ProjectionInspector.Inspect(store, StreamInventory.Load(store));
        if (settings.Json)
        {
            JsonOutput.Write(console, w =>
            {
                w.WriteStartObject();
                w.WriteString("store", store.Paths.BaseDirectory);
                w.WriteStartArray("projections");
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
                w.WriteEndObject();
            });
        }
        else if (reports.Count == 0)
        {
            console.MarkupLine("no projection checkpoints in this store");
        }
        else
        {
            var table = new Table().AddColumns("projection", "version", "saved", "streams", "lag (events)", "status");
            foreach (var r in reports)
            {
                var color = r.Status switch { "ok" => "green", "behind" => "yellow", _ => "red" };
                table.AddRow(Markup.Escape(r.Name), r.Checkpoint?.Version.ToString(CultureInfo.InvariantCulture) ?? "-", Sizes.Time(r.Checkpoint?.SavedAt),
                    r.Streams.Count.ToString(CultureInfo.InvariantCulture), r.Lag.ToString(CultureInfo.InvariantCulture), $"[{color}]{r.Status}[/]");
            }

            console.Write(table);
            foreach (var r in reports)
            {
                if (r.Error is not null)
                {
                    console.MarkupLineInterpolated($"[red]{r.Name}[/]: {r.Error}; it rebuilds at its next activation");
                }

                foreach (var s in r.Streams.Where(s => s.Problem is not null))
                {
                    console.MarkupLineInterpolated($"[red]{r.Name}[/] {s.AggregateType}/{s.Id}: {s.Problem}; it rebuilds at its next activation");
                }
            }
        }

        return reports.Any(r => r.Status is "rebuild" or "unreadable") ? ExitCodes.Findings : ExitCodes.Ok;
    }
}
