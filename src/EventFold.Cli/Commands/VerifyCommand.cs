using System.ComponentModel;
using System.Globalization;
using EventFold.Cli.Output;
using EventFold.Cli.Scanning;
using EventFold.Cli.Store;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EventFold.Cli.Commands;

/// <summary><c>verify &lt;store&gt; [type [id]]</c>: checks everything; exit 0 only when clean, each finding names the file and byte offset.</summary>
/// <param name="console">Where the output goes.</param>
public sealed class VerifyCommand(IAnsiConsole console) : Command<VerifyCommand.Settings>
{
    /// <summary>Arguments of <c>verify</c>.</summary>
    public sealed class Settings : StreamFilterSettings
    {
        /// <summary>No progress bar even on a terminal.</summary>
        [CommandOption("--no-progress")]
        [Description("Do not show a progress bar.")]
        public bool NoProgress { get; init; }
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (settings.Id is not null && settings.Type is null)
        {
            throw new CliException("an id needs its type: eventfold verify <store> <type> <id>");
        }

        var store = StoreLocation.Open(settings.Store);
        VerifyResult result;
        if (!settings.Json && !settings.NoProgress && console.Profile.Capabilities.Interactive)
        {
            result = console.Progress().AutoClear(true).Columns(
                    new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask("verifying");
                    return StoreVerifier.Verify(store, settings.Type, settings.Id, (done, total) =>
                    {
                        task.MaxValue = Math.Max(1, total);
                        task.Increment(done);
                    }, cancellationToken);
                });
        }
        else
        {
            result = StoreVerifier.Verify(store, settings.Type, settings.Id, null, cancellationToken);
        }

        if (settings.Json)
        {
            JsonOutput.Write(console, w =>
            {
                w.WriteStartObject();
                w.WriteString("store", store.Paths.BaseDirectory);
                w.WriteBoolean("clean", result.Clean);
                w.WriteNumber("streams", result.Streams);
                w.WriteNumber("events", result.Events);
                w.WriteNumber("bytes", result.Bytes);
                w.WriteStartArray("findings");
                foreach (var f in result.Findings)
                {
                    w.WriteStartObject();
                    w.WriteString("severity", f.Severity.ToString().ToLowerInvariant());
                    w.WriteString("kind", f.Kind);
                    w.StringOrNull("stream", f.Stream);
                    w.WriteString("file", f.File);
                    w.NumberOrNull("offset", f.Offset);
                    w.WriteString("message", f.Message);
                    w.StringOrNull("fix", f.Fix);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            });
        }
        else
        {
            if (result.Findings.Count > 0)
            {
                var table = new Table().AddColumns("severity", "kind", "stream", "file", "offset", "finding");
                foreach (var f in result.Findings)
                {
                    var color = f.Severity switch { Severity.Error => "red", Severity.Warning => "yellow", _ => "grey" };
                    table.AddRow($"[{color}]{f.Severity.ToString().ToLowerInvariant()}[/]", f.Kind, Markup.Escape(f.Stream ?? "-"),
                        Markup.Escape(f.File), f.Offset?.ToString(CultureInfo.InvariantCulture) ?? "-", Markup.Escape(f.Fix is null ? f.Message : $"{f.Message}. Fix: {f.Fix}"));
                }

                console.Write(table);
            }

            var verdict = result.Clean ? "[green]clean[/]" : $"[red]{result.Findings.Count(f => f.Severity != Severity.Info)} problem(s)[/]";
            console.MarkupLine($"checked {result.Streams} streams, {result.Events} events, {Markup.Escape(Sizes.Bytes(result.Bytes))}: {verdict}");
        }

        return result.Clean ? ExitCodes.Ok : ExitCodes.Findings;
    }
}
