using System.ComponentModel;
using System.Globalization;
using EventFold.Cli.Output;
using EventFold.Cli.Repair;
using EventFold.Cli.Scanning;
using EventFold.Cli.Store;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EventFold.Cli.Commands;

/// <summary>
/// <c>repair &lt;store&gt; [type [id]]</c>: previews the fixes for what <c>verify</c> finds (default), applies them with
/// <c>--apply</c> under the store lock after backing up everything it replaces.
/// </summary>
/// <param name="console">Where the output goes.</param>
public sealed class RepairCommand(IAnsiConsole console) : Command<RepairCommand.Settings>
{
    /// <summary>Arguments of <c>repair</c>.</summary>
    public sealed class Settings : StreamFilterSettings
    {
        /// <summary>Only preview (the default; kept for explicit scripts).</summary>
        [CommandOption("--dry-run")]
        [Description("Only show what would be done (the default).")]
        public bool DryRun { get; init; }

        /// <summary>Apply the fixes.</summary>
        [CommandOption("--apply")]
        [Description("Apply the fixes (takes the store lock; refuses while the app runs). Everything replaced is backed up first.")]
        public bool Apply { get; init; }

        /// <summary>Quarantine streams with errors (or the named stream).</summary>
        [CommandOption("--quarantine")]
        [Description("Move streams with unreadable data (or the named stream) to <store>/quarantine/ instead of leaving them.")]
        public bool Quarantine { get; init; }

        /// <summary>Rebuild the named stream's snapshot even if it looks valid.</summary>
        [CommandOption("--rebuild-snapshot")]
        [Description("Rebuild the named stream's snapshot even if it looks valid (needs <type> <id>).")]
        public bool RebuildSnapshot { get; init; }

        /// <summary>Projections to rebuild even if their checkpoints look valid.</summary>
        [CommandOption("--rebuild-projection <NAME>")]
        [Description("Rebuild this projection from scratch (repeatable).")]
        public string[] RebuildProjections { get; init; } = [];

        /// <summary>Where backups go.</summary>
        [CommandOption("--backup <DIR>")]
        [Description("Where to back up replaced files (default: <store>/repair-backups/<UTC time>).")]
        public string? Backup { get; init; }

        /// <inheritdoc />
        public override ValidationResult Validate() =>
            Apply && DryRun ? ValidationResult.Error("--apply and --dry-run exclude each other")
            : Id is not null && Type is null ? ValidationResult.Error("an id needs its type: eventfold repair <store> <type> <id>")
            : RebuildSnapshot && Id is null ? ValidationResult.Error("--rebuild-snapshot needs <type> <id>")
            : ValidationResult.Success();
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var store = StoreLocation.Open(settings.Store);
        RepairPlan plan;
        string? backup = null;
        if (settings.Apply)
        {
            using var storeLock = StoreWriteAccess.Acquire(store.Paths);
            plan = RepairPlan.Make(store, settings.Type, settings.Id, settings.Quarantine, settings.RebuildSnapshot, settings.RebuildProjections);
            if (plan.Actions.Count > 0)
            {
                backup = Path.GetFullPath(settings.Backup ?? Path.Combine(store.Paths.BaseDirectory, "repair-backups",
                    DateTime.UtcNow.ToString("yyyyMMdd-HHmmss-fff", CultureInfo.InvariantCulture)));
                new RepairExecutor(store.Paths, backup).Apply(plan.Actions);
            }
        }
        else
        {
            plan = RepairPlan.Make(store, settings.Type, settings.Id, settings.Quarantine, settings.RebuildSnapshot, settings.RebuildProjections);
        }

        Print(settings, store, plan, backup);
        bool failed = plan.Actions.Any(a => a.Status == "failed");
        bool pending = !settings.Apply && plan.Actions.Count > 0;
        return failed || pending || plan.Unfixed.Count > 0 ? ExitCodes.Findings : ExitCodes.Ok;
    }

    private void Print(Settings settings, StoreLocation store, RepairPlan plan, string? backup)
    {
        if (settings.Json)
        {
            JsonOutput.Write(console, w =>
            {
                w.WriteStartObject();
                w.WriteString("store", store.Paths.BaseDirectory);
                w.WriteBoolean("applied", settings.Apply);
                w.StringOrNull("backup", backup);
                w.WriteStartArray("actions");
                foreach (var a in plan.Actions)
                {
                    w.WriteStartObject();
                    w.WriteString("kind", a.Kind);
                    w.WriteString("target", a.Target);
                    w.WriteString("path", a.Path);
                    w.WriteString("description", a.Description);
                    w.WriteString("status", a.Status);
                    w.StringOrNull("detail", a.Detail);
                    w.StringOrNull("destination", a.Destination);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteStartArray("unfixed");
                foreach (var f in plan.Unfixed)
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
            return;
        }

        if (plan.Actions.Count == 0 && plan.Unfixed.Count == 0)
        {
            console.MarkupLine("[green]nothing to repair[/]");
            return;
        }

        if (plan.Actions.Count > 0)
        {
            var table = new Table().AddColumns("status", "action", "target", "path", "what");
            foreach (var a in plan.Actions)
            {
                var color = a.Status switch { "done" => "green", "failed" => "red", _ => "yellow" };
                table.AddRow($"[{color}]{a.Status}[/]", a.Kind, Markup.Escape(a.Target), Markup.Escape(a.Path),
                    Markup.Escape(a.Detail is null ? a.Description : $"{a.Description} ({a.Detail})"));
            }

            console.Write(table);
        }

        foreach (var f in plan.Unfixed)
        {
            console.MarkupLineInterpolated($"[red]not fixed[/] {f.Kind} in {f.File}{(f.Offset is { } o ? $" at offset {o}" : "")}: {f.Message}{(f.Fix is null ? "" : $". Fix: {f.Fix}")}");
        }

        if (backup is not null)
        {
            console.MarkupLineInterpolated($"backup of everything replaced: {backup}");
        }
        else if (!settings.Apply && plan.Actions.Count > 0)
        {
            console.MarkupLine("dry run: nothing was changed. Run again with [bold]--apply[/] (with the app stopped) to apply these fixes.");
        }
    }
}
