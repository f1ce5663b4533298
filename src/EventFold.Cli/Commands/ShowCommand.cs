using System.ComponentModel;
using System.Globalization;
using System.Text;
using System.Text.Json;
using EventFold.Cli.Output;
using EventFold.Cli.Store;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EventFold.Cli.Commands;

/// <summary><c>show &lt;store&gt; &lt;type&gt; &lt;id&gt;</c>: the events of one stream; <c>--follow</c> tails it without any lock.</summary>
/// <param name="console">Where the output goes.</param>
public sealed class ShowCommand(IAnsiConsole console) : AsyncCommand<ShowCommand.Settings>
{
    private const int DataWidth = 120;

    /// <summary>Arguments of <c>show</c>.</summary>
    public sealed class Settings : StreamSettings
    {
        /// <summary>The first version to print (1 = the stream's first event).</summary>
        [CommandOption("--from <VERSION>")]
        [Description("Start at this event version (1 = the first event of the stream).")]
        [DefaultValue(1L)]
        public long From { get; init; } = 1;

        /// <summary>Keep printing events as they are appended.</summary>
        [CommandOption("-f|--follow")]
        [Description("Keep printing new events as the app appends them (takes no lock; Ctrl+C to stop). With --json: one JSON object per line.")]
        public bool Follow { get; init; }

        /// <summary>Print the stored lines.</summary>
        [CommandOption("--raw")]
        [Description("Print the stored JSON lines as they are on disk.")]
        public bool Raw { get; init; }

        /// <inheritdoc />
        public override ValidationResult Validate() =>
            From < 1 ? ValidationResult.Error("--from must be 1 or more (versions count from 1)")
            : Raw && Json ? ValidationResult.Error("--raw and --json exclude each other")
            : ValidationResult.Success();
    }

    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var store = StoreLocation.Open(settings.Store);
        var stream = StreamInventory.Single(store, settings.Type, settings.Id);
        var history = new StreamHistory(stream.Directory);
        var events = history.ReadAll().Where(e => e.Version >= settings.From).ToList();
        if (settings.Json && !settings.Follow)
        {
            JsonOutput.Write(console, w =>
            {
                w.WriteStartObject();
                w.WriteString("type", stream.AggregateType);
                w.WriteString("id", stream.Id);
                w.WriteStartArray("events");
                foreach (var e in events)
                {
                    WriteEvent(w, e);
                }

                w.WriteEndArray();
                w.WriteEndObject();
            });
            return ExitCodes.Ok;
        }

        Print(settings, stream, events, header: true);
        if (!settings.Follow)
        {
            return ExitCodes.Ok;
        }

        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var next = await history.NextAsync(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
                Print(settings, stream, next.Where(e => e.Version >= settings.From).ToList(), header: false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }

        return ExitCodes.Ok;
    }

    private void Print(Settings settings, StreamEntry stream, IReadOnlyList<ShownEvent> events, bool header)
    {
        if (settings.Json)
        {
            foreach (var e in events)
            {
                JsonOutput.Write(console, w => WriteEvent(w, e), indented: false);
            }
        }
        else if (settings.Raw)
        {
            foreach (var e in events)
            {
                console.Profile.Out.Writer.WriteLine(RawLine(stream, e));
            }

            console.Profile.Out.Writer.Flush();
        }
        else if (events.Count > 0 || header)
        {
            var table = new Table().AddColumns("version", "type", "time (UTC)", "id", "actor", "data");
            foreach (var e in events)
            {
                var data = Encoding.UTF8.GetString(e.Event.Data.Span);
                table.AddRow(
                    e.Version.ToString(CultureInfo.InvariantCulture) + (e.Archived ? " (a)" : ""),
                    Markup.Escape(e.Event.Type),
                    Sizes.Time(DateTimeOffset.FromUnixTimeSeconds((long)Math.Min(e.Event.Ts, 253402300799UL))),
                    Markup.Escape(e.Event.Id ?? "-"),
                    Markup.Escape(e.Event.Actor ?? "-"),
                    Markup.Escape(data.Length > DataWidth ? data[..DataWidth] + "…" : data));
            }

            if (!header)
            {
                table.HideHeaders();
            }

            console.Write(table);
            if (header && !settings.Follow)
            {
                console.MarkupLine($"{events.Count} events; (a) = archived");
            }
        }
    }

    // The stored bytes for events of the active log; archived lines are re-serialized (identical but for batch markers).
    private static string RawLine(StreamEntry stream, ShownEvent e)
    {
        if (e.StartOffset is { } start && e.EndOffset is { } end)
        {
            using var handle = LogInspection.OpenReadHandleNoLock(Path.Combine(stream.Directory, "app.jsonl"));
            var bytes = new byte[end - start - 1];
            if (RandomAccess.Read(handle, bytes, start) == bytes.Length)
            {
                return Encoding.UTF8.GetString(bytes);
            }
        }

        return Encoding.UTF8.GetString(e.Event.ToLine());
    }

    private static void WriteEvent(Utf8JsonWriter w, ShownEvent e)
    {
        w.WriteStartObject();
        w.WriteNumber("version", e.Version);
        w.WriteString("type", e.Event.Type);
        w.WriteNumber("ts", e.Event.Ts);
        w.StringOrNull("id", e.Event.Id);
        w.StringOrNull("actor", e.Event.Actor);
        w.WritePropertyName("data");
        w.WriteRawValue(e.Event.Data.Span, skipInputValidation: true);
        w.WritePropertyName("meta");
        if (e.Event.Meta is { } meta)
        {
            w.WriteRawValue(meta.Span, skipInputValidation: true);
        }
        else
        {
            w.WriteNullValue();
        }

        w.WriteString("hash", e.LineHash);
        w.WriteBoolean("archived", e.Archived);
        w.NumberOrNull("end_offset", e.EndOffset);
        w.WriteEndObject();
    }
}
