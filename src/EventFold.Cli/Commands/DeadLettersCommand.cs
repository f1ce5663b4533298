using System.Globalization;
using System.Text.Json;
using EventFold.Cli.DeadLetters;
using EventFold.Cli.Output;
using EventFold.Cli.Store;
using EventFold.Orleans.ProcessManagers;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EventFold.Cli.Commands;

/// <summary>
/// <c>dead-letters &lt;store&gt; [manager] [--all] [--show id]</c>: the process managers' dead letters, read without a lock.
/// Exit 1 while any listed letter is unresolved. Replaying goes through the running app: <see cref="DeadLettersReplayCommand"/>.
/// </summary>
/// <param name="console">Where the output goes.</param>
public sealed class DeadLettersCommand(IAnsiConsole console) : Command<DeadLettersSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, DeadLettersSettings settings, CancellationToken cancellationToken)
    {
        var store = StoreLocation.Open(settings.Store);
        if (settings.Show is not null && settings.Manager is null)
        {
            throw new CliException("--show needs the process manager: eventfold dead-letters <store> <manager> --show <letterId>");
        }

        var managers = ManagerLetters.Load(store, settings.Manager);
        return settings.Show is { } letterId ? Show(store, managers[0], letterId, settings.Json) : List(store, managers, settings);
    }

    private int List(StoreLocation store, IReadOnlyList<ManagerLetters> managers, DeadLettersSettings settings)
    {
        IEnumerable<DeadLetter> Listed(ManagerLetters m) => settings.All ? m.Contents.Letters : m.Contents.Unresolved;
        if (settings.Json)
        {
            JsonOutput.Write(console, w =>
            {
                w.WriteStartObject();
                w.WriteString("store", store.Paths.BaseDirectory);
                w.WriteStartArray("managers");
                foreach (var m in managers)
                {
                    w.WriteStartObject();
                    w.WriteString("name", m.Name);
                    w.WriteString("file", m.Contents.Path);
                    w.WriteNumber("unresolved", m.Contents.Unresolved.Count());
                    w.WriteStartArray("damaged_line_offsets");
                    foreach (var offset in m.Contents.DamagedLineOffsets)
                    {
                        w.WriteNumberValue(offset);
                    }

                    w.WriteEndArray();
                    w.WriteNumber("torn_bytes", m.Contents.TornBytes);
                    w.WriteStartArray("letters");
                    foreach (var letter in Listed(m))
                    {
                        WriteLetter(w, letter, envelope: false);
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            });
        }
        else if (managers.Count == 0)
        {
            console.MarkupLine("no process managers in this store");
        }
        else
        {
            var table = new Table().AddColumns("manager", "letter", "target", "command", "error", "attempts", "first attempt", "last attempt", "source", "resolved");
            foreach (var m in managers)
            {
                foreach (var l in Listed(m))
                {
                    table.AddRow(Markup.Escape(m.Name), Markup.Escape(l.LetterId), Markup.Escape($"{l.Envelope.AggregateType}/{l.Envelope.AggregateId}"),
                        Markup.Escape(l.Envelope.CommandType), Markup.Escape($"{l.ErrorCode}: {l.ErrorMessage}"), l.Attempts.ToString(CultureInfo.InvariantCulture),
                        Sizes.Time(l.FirstAttempt), Sizes.Time(l.LastAttempt), Markup.Escape(Source(l)), l.ResolvedAt is null ? "[red]no[/]" : Sizes.Time(l.ResolvedAt));
                }
            }

            console.Write(table);
            foreach (var m in managers)
            {
                var unresolved = m.Contents.Unresolved.Count();
                console.MarkupLineInterpolated($"{m.Name}: {unresolved} unresolved of {m.Contents.Letters.Count} letters ({m.Contents.Path})");
                foreach (var offset in m.Contents.DamagedLineOffsets)
                {
                    console.MarkupLineInterpolated($"[red]{m.Name}[/]: the line at byte {offset} does not parse; the runtime skips it (run eventfold verify)");
                }

                if (m.Contents.TornBytes > 0)
                {
                    console.MarkupLineInterpolated($"[yellow]{m.Name}[/]: a torn last line ({m.Contents.TornBytes} bytes at byte {m.Contents.CompleteLength}) is ignored, as the runtime does");
                }
            }

            var withUnresolved = managers.Where(m => m.Contents.Unresolved.Any()).Select(m => m.Name).ToList();
            if (withUnresolved.Count > 0)
            {
                var manager = withUnresolved.Count == 1 ? withUnresolved[0] : "<manager>";
                console.MarkupLineInterpolated(
                    $"Once the cause is fixed, replay them through the running app: eventfold dead-letters replay {store.Paths.BaseDirectory} {manager} --all (or --id <letter>) --gateway <port>");
            }
        }

        return managers.Any(m => m.Contents.Unresolved.Any()) ? ExitCodes.Findings : ExitCodes.Ok;
    }

    private int Show(StoreLocation store, ManagerLetters manager, string letterId, bool json)
    {
        var letter = manager.Contents.Letters.FirstOrDefault(l => l.LetterId == letterId)
            ?? throw new CliException($"no dead letter \"{letterId}\" in {manager.Contents.Path}; list them with eventfold dead-letters {store.Paths.BaseDirectory} {manager.Name} --all");
        if (json)
        {
            JsonOutput.Write(console, w => WriteLetter(w, letter, envelope: true));
        }
        else
        {
            var grid = new Grid().AddColumn().AddColumn();
            void Row(string name, string? value) => grid.AddRow(name, Markup.Escape(value ?? "-"));
            Row("manager", manager.Name);
            Row("letter", letter.LetterId);
            Row("target", $"{letter.Envelope.AggregateType}/{letter.Envelope.AggregateId}");
            Row("command", letter.Envelope.CommandType);
            Row("error", $"{letter.ErrorCode}: {letter.ErrorMessage} ({letter.ErrorType})");
            Row("attempts", letter.Attempts.ToString(CultureInfo.InvariantCulture));
            Row("first attempt", Sizes.Time(letter.FirstAttempt));
            Row("last attempt", Sizes.Time(letter.LastAttempt));
            Row("source", Source(letter));
            Row("resolved", letter.ResolvedAt is null ? "no" : Sizes.Time(letter.ResolvedAt));
            console.Write(grid);
            console.WriteLine("envelope:");
            JsonOutput.Write(console, w => WriteEnvelope(w, letter));
        }

        return letter.Resolved ? ExitCodes.Ok : ExitCodes.Findings;
    }

    private static string Source(DeadLetter l) => string.Create(CultureInfo.InvariantCulture, $"{l.Source.AggregateType}/{l.Source.Id}@{l.Source.Version}");

    private static void WriteLetter(Utf8JsonWriter w, DeadLetter l, bool envelope)
    {
        w.WriteStartObject();
        w.WriteString("letter_id", l.LetterId);
        w.WriteStartObject("target");
        w.WriteString("aggregate_type", l.Envelope.AggregateType);
        w.WriteString("aggregate_id", l.Envelope.AggregateId);
        w.WriteEndObject();
        w.WriteString("command_type", l.Envelope.CommandType);
        w.WriteStartObject("error");
        w.WriteString("code", l.ErrorCode);
        w.WriteString("message", l.ErrorMessage);
        w.WriteString("type", l.ErrorType);
        w.WriteEndObject();
        w.WriteNumber("attempts", l.Attempts);
        w.WriteString("first_attempt", l.FirstAttempt);
        w.WriteString("last_attempt", l.LastAttempt);
        w.WriteStartObject("source");
        w.WriteString("aggregate_type", l.Source.AggregateType);
        w.WriteString("id", l.Source.Id);
        w.WriteNumber("version", l.Source.Version);
        w.WriteEndObject();
        w.TimeOrNull("resolved_at", l.ResolvedAt);
        if (envelope)
        {
            w.WritePropertyName("envelope");
            WriteEnvelope(w, l);
        }

        w.WriteEndObject();
    }

    // The command as a replay sends it: its payload is embedded as JSON when it parses (else as the stored string).
    private static void WriteEnvelope(Utf8JsonWriter w, DeadLetter l)
    {
        var e = l.Envelope;
        var c = e.Context ?? EventFold.Orleans.Commands.CommandContext.None;
        w.WriteStartObject();
        w.WriteString("aggregate_type", e.AggregateType);
        w.WriteString("aggregate_id", e.AggregateId);
        w.WriteString("command_type", e.CommandType);
        w.WritePropertyName("payload");
        try
        {
            using var payload = JsonDocument.Parse(e.Payload);
            payload.RootElement.WriteTo(w);
        }
        catch (JsonException)
        {
            w.WriteStringValue(e.Payload);
        }

        w.WriteStartObject("context");
        w.StringOrNull("actor", c.Actor);
        w.StringOrNull("correlation_id", c.CorrelationId);
        w.StringOrNull("causation_id", c.CausationId);
        w.StringOrNull("command_id", c.CommandId);
        w.NumberOrNull("expected_version", c.ExpectedVersion);
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
