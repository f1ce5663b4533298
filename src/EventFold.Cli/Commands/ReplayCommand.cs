using System.ComponentModel;
using System.Text.Json;
using EventFold.Cli.Output;
using EventFold.Cli.Replay;
using EventFold.Cli.Store;
using EventFold.Orleans.Aggregates;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EventFold.Cli.Commands;

/// <summary>
/// <c>replay &lt;store&gt; &lt;type&gt; &lt;id&gt; --assembly &lt;app.dll&gt;</c>: folds the stream with the app's own aggregate
/// (dry run, nothing written) and reports the first event that fails to decode or fold.
/// </summary>
/// <param name="console">Where the output goes.</param>
public sealed class ReplayCommand(IAnsiConsole console) : Command<ReplayCommand.Settings>
{
    /// <summary>Arguments of <c>replay</c>.</summary>
    public sealed class Settings : StreamSettings
    {
        /// <summary>The app's assembly holding the aggregate grain class.</summary>
        [CommandOption("-a|--assembly <DLL>")]
        [Description("The built app assembly holding the aggregate grain class (its dependencies are resolved from its folder).")]
        public string Assembly { get; init; } = "";

        /// <inheritdoc />
        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Assembly) ? ValidationResult.Error("--assembly <app.dll> is required") : ValidationResult.Success();
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var store = StoreLocation.Open(settings.Store);
        var stream = StreamInventory.Single(store, settings.Type, settings.Id);
        var app = AppLoadContext.LoadApp(settings.Assembly);
        var grains = AggregateReplayCheck.FindAggregateGrains(app);
        if (!grains.TryGetValue(settings.Type, out var grainClass))
        {
            throw new CliException(
                $"{Path.GetFileName(settings.Assembly)} has no aggregate grain class for '{settings.Type}' " +
                $"(it has: {(grains.Count == 0 ? "none" : string.Join(", ", grains.Keys.Order(StringComparer.Ordinal)))}); pass the assembly that defines the grain");
        }

        var reader = new EventReader(stream.Directory);
        var report = AggregateReplayCheck.Run(grainClass, reader.ReadFull().Select(r => r.Event), eventAssemblies: [app]);
        if (settings.Json)
        {
            JsonOutput.Write(console, w =>
            {
                w.WriteStartObject();
                w.WriteString("type", stream.AggregateType);
                w.WriteString("id", stream.Id);
                w.WriteString("grain_class", grainClass.FullName);
                w.WriteString("aggregate_class", report.AggregateClass.FullName);
                w.WriteNumber("events_folded", report.EventsFolded);
                w.WritePropertyName("state");
                WriteState(w, report.State);
                if (report.Failure is { } f)
                {
                    w.WriteStartObject("failure");
                    w.WriteNumber("version", f.Version);
                    w.WriteString("event_type", f.EventType);
                    w.WriteString("stage", f.Stage);
                    w.WriteString("message", f.Message);
                    w.WriteString("exception", f.Exception.GetType().FullName);
                    w.WriteEndObject();
                }
                else
                {
                    w.WriteNull("failure");
                }

                w.WriteEndObject();
            });
        }
        else if (report.Failure is { } f)
        {
            console.MarkupLineInterpolated($"[red]event {f.Version}[/] ({f.EventType}) of {stream.Name} fails to {f.Stage}: {f.Message}");
            console.MarkupLineInterpolated($"{report.EventsFolded} events before it folded with {report.AggregateClass.FullName}. Nothing was written.");
            console.MarkupLine(f.Stage == "decode"
                ? "Fix: register the event class under that name ([EventType(\"...\")]) or make its JSON deserialize; see also: eventfold show <store> <type> <id> --from <version> --raw"
                : "Fix: make Apply handle this event (the aggregate cannot load until it does); see the event with: eventfold show <store> <type> <id> --from <version>");
        }
        else
        {
            console.MarkupLineInterpolated($"[green]{report.EventsFolded} events folded[/] with {report.AggregateClass.FullName}; nothing was written.");
            var state = new JsonSerializerOptions(JsonSerializerDefaults.Web) { IncludeFields = true, WriteIndented = true };
            console.Profile.Out.Writer.WriteLine(SafeSerialize(report.State, state));
        }

        return report.Failure is null ? ExitCodes.Ok : ExitCodes.Findings;
    }

    private static void WriteState(Utf8JsonWriter w, object? state)
    {
        try
        {
            JsonSerializer.Serialize(w, state, state?.GetType() ?? typeof(object), new JsonSerializerOptions(JsonSerializerDefaults.Web) { IncludeFields = true });
        }
        catch (Exception e) when (e is NotSupportedException or InvalidOperationException or JsonException)
        {
            w.WriteStringValue($"(state not serializable: {e.Message})");
        }
    }

    private static string SafeSerialize(object? state, JsonSerializerOptions options)
    {
        try
        {
            return JsonSerializer.Serialize(state, state?.GetType() ?? typeof(object), options);
        }
        catch (Exception e) when (e is NotSupportedException or InvalidOperationException or JsonException)
        {
            return $"(state not serializable: {e.Message})";
        }
    }
}
