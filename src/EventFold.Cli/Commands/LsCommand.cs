using System.ComponentModel;
using EventFold.Cli.Output;
using EventFold.Cli.Scanning;
using EventFold.Cli.Store;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EventFold.Cli.Commands;

/// <summary><c>ls &lt;store&gt; [type]</c>: aggregate types, or the streams of one type, with event count, size and last write.</summary>
/// <param name="console">Where the output goes.</param>
public sealed class LsCommand(IAnsiConsole console) : Command<LsCommand.Settings>
{
    /// <summary>Arguments of <c>ls</c>.</summary>
    public sealed class Settings : StoreSettings
    {
        /// <summary>List the streams of this type instead of the types.</summary>
        [CommandArgument(1, "[type]")]
        [Description("List the streams of this aggregate type instead of the types.")]
        public string? Type { get; init; }
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var store = StoreLocation.Open(settings.Store);
        var inventory = StreamInventory.Load(store, settings.Type);
        var rows = ParallelScan.Count(inventory.Streams, cancellationToken);
        var types = rows.GroupBy(r => r.Stream.AggregateType, StringComparer.Ordinal)
            .Select(g => (Type: g.Key, Streams: g.Count(r => r.Scan.Events > 0), Events: g.Sum(r => r.Scan.Events), Bytes: g.Sum(r => r.Scan.Bytes),
                LastWrite: g.Max(r => r.Scan.LastWrite)))
            .ToList();
        if (settings.Json)
        {
            JsonOutput.Write(console, w =>
            {
                w.WriteStartObject();
                w.WriteString("store", store.Paths.BaseDirectory);
                w.WriteStartArray("types");
                foreach (var t in types)
                {
                    w.WriteStartObject();
                    w.WriteString("type", t.Type);
                    w.WriteNumber("streams", t.Streams);
                    w.WriteNumber("events", t.Events);
                    w.WriteNumber("bytes", t.Bytes);
                    w.TimeOrNull("last_write", t.LastWrite);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteStartArray("streams");
                foreach (var (stream, scan) in rows)
                {
                    w.WriteStartObject();
                    w.WriteString("type", stream.AggregateType);
                    w.WriteString("id", stream.Id);
                    w.WriteNumber("events", scan.Events);
                    w.WriteNumber("archived_events", scan.ArchivedEvents);
                    w.WriteNumber("bytes", scan.Bytes);
                    w.TimeOrNull("last_write", scan.LastWrite);
                    w.WriteBoolean("registered", stream.Registered);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            });
            return ExitCodes.Ok;
        }

        if (settings.Type is null)
        {
            var table = new Table().AddColumns("type", "streams", "events", "size", "last write");
            foreach (var t in types)
            {
                table.AddRow(Markup.Escape(t.Type), t.Streams.ToString(), t.Events.ToString(), Sizes.Bytes(t.Bytes), Sizes.Time(t.LastWrite));
            }

            console.Write(table);
        }
        else
        {
            var table = new Table().AddColumns("id", "events", "archived", "size", "last write", "registered");
            foreach (var (stream, scan) in rows)
            {
                table.AddRow(Markup.Escape(stream.Id), scan.Events.ToString(), scan.ArchivedEvents.ToString(), Sizes.Bytes(scan.Bytes),
                    Sizes.Time(scan.LastWrite), stream.Registered ? "yes" : "[yellow]no[/]");
            }

            console.Write(table);
        }

        if (inventory.RegistryError is { } error)
        {
            console.MarkupLineInterpolated($"[yellow]warning:[/] the registry cannot be read, streams listed from directories only: {error}");
        }

        return ExitCodes.Ok;
    }
}
