using EventFold.Cli.Commands;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EventFold.Cli;

/// <summary>The <c>eventfold</c> command line: parses arguments and runs one command.</summary>
public static class EventFoldCli
{
    /// <summary>Runs the tool on the process console.</summary>
    /// <param name="args">The command-line arguments.</param>
    /// <returns>The exit code (see <see cref="ExitCodes"/>).</returns>
    public static async Task<int> RunAsync(string[] args)
    {
        // Ctrl+C stops a long command (show --follow, a verify of a big store) cleanly instead of killing the process.
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler handler = (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        Console.CancelKeyPress += handler;
        try
        {
            return await RunAsync(args, AnsiConsole.Console, cancel.Token).ConfigureAwait(false);
        }
        finally
        {
            Console.CancelKeyPress -= handler;
        }
    }

    /// <summary>Runs the tool writing to <paramref name="console"/> (tests capture the output this way).</summary>
    /// <param name="args">The command-line arguments.</param>
    /// <param name="console">Where tables, JSON and messages go.</param>
    /// <param name="ct">Stops a long-running command such as <c>show --follow</c>.</param>
    /// <returns>The exit code (see <see cref="ExitCodes"/>).</returns>
    public static async Task<int> RunAsync(string[] args, IAnsiConsole console, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(console);
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("eventfold");
            config.ConfigureConsole(console);
            config.SetExceptionHandler((e, _) => Report(console, e));
            config.AddCommand<LsCommand>("ls").WithDescription("List aggregate types, or the streams of one type, with event count, size and last write.")
                .WithExample("ls", "./data").WithExample("ls", "./data", "order", "--json");
            config.AddCommand<ShowCommand>("show").WithDescription("Print the events of one stream (archive, then active log); --follow tails it.")
                .WithExample("show", "./data", "order", "ord-42", "--from", "10");
            config.AddCommand<StatsCommand>("stats").WithDescription("Streams, events, bytes, archive ratio, largest streams and snapshot coverage.");
            config.AddCommand<VerifyCommand>("verify").WithDescription("Check every line, archive frame, batch, snapshot, the registry, projection and process-manager checkpoints and dead-letter files. Exit 0 only when clean.")
                .WithExample("verify", "./data").WithExample("verify", "./data", "order", "ord-42", "--json");
            config.AddCommand<ReplayCommand>("replay").WithDescription("Fold one stream with the app's own aggregate (dry run) and report the first event that fails to decode or fold.")
                .WithExample("replay", "./data", "order", "ord-42", "--assembly", "bin/MyApp.dll");
            config.AddCommand<RepairCommand>("repair").WithDescription("Preview (default) or --apply fixes: drop a torn tail, rebuild a snapshot or a projection, quarantine a stream. Backs up what it replaces.")
                .WithExample("repair", "./data").WithExample("repair", "./data", "--apply").WithExample("repair", "./data", "order", "ord-42", "--quarantine", "--apply");
            config.AddCommand<ProjectionsCommand>("projections").WithDescription("List the projections' and process managers' checkpoints: status and lag behind their streams.");
            config.AddBranch("dead-letters", letters =>
            {
                letters.SetDescription("The process managers' dead letters: list (the default: \"dead-letters <store>\") or replay them through the running app.");
                letters.AddCommand<DeadLettersCommand>(DeadLettersList)
                    .WithDescription("List the process managers' dead letters (unresolved; --all with resolved), or --show one with its command envelope. Exit 1 while any is unresolved.")
                    .WithExample("dead-letters", "./data").WithExample("dead-letters", "./data", "fulfilment", "--all", "--json")
                    .WithExample("dead-letters", "./data", "fulfilment", "--show", "pm/fulfilment/order/3/0/ord-42");
                letters.AddCommand<DeadLettersReplayCommand>(DeadLettersReplay)
                    .WithDescription("Replay dead letters through the running app (an Orleans client on its localhost gateway): each is resolved or fails again with its new error. "
                        + "Exit 0 when all were resolved, 1 when any failed again, 2 when it could not run.")
                    .WithExample("dead-letters", "replay", "./data", "fulfilment", "--id", "pm/fulfilment/order/3/0/ord-42", "--gateway", "30000")
                    .WithExample("dead-letters", "replay", "./data", "fulfilment", "--all", "--json");
            });
        });
        return await app.RunAsync(WithDefaultSubcommand(args), ct).ConfigureAwait(false);
    }

    private const string DeadLetters = "dead-letters";
    private const string DeadLettersList = "list";
    private const string DeadLettersReplay = "replay";

    // "dead-letters <store>" lists: Spectre's default command of a branch does not take positional arguments
    // (spectre.console issues 1588, 1607), so the list subcommand is named here unless the user named one or asked for help.
    private static string[] WithDefaultSubcommand(string[] args) =>
        args.Length >= 2 && args[0] == DeadLetters && args[1] is not (DeadLettersList or DeadLettersReplay or "-h" or "--help" or "-?")
            ? [args[0], DeadLettersList, .. args[1..]]
            : args;

    private static int Report(IAnsiConsole console, Exception e)
    {
        if (e is AggregateException { InnerExceptions.Count: 1 } aggregate)
        {
            return Report(console, aggregate.InnerExceptions[0]); // from a parallel scan
        }

        switch (e)
        {
            case CliException cli:
                console.MarkupLineInterpolated($"[red]error:[/] {cli.Message}");
                return cli.ExitCode;
            case CommandParseException or CommandRuntimeException:
                console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
                console.MarkupLine("Run [bold]eventfold --help[/] (or [bold]eventfold <command> --help[/]) for usage.");
                return ExitCodes.Error;
            case OperationCanceledException:
                return ExitCodes.Ok;
            case EventFoldException or IOException or UnauthorizedAccessException:
                console.MarkupLineInterpolated($"[red]error:[/] {e.GetType().Name}: {e.Message}");
                return ExitCodes.Error;
            default:
                console.MarkupLineInterpolated($"[red]unexpected error:[/] {e}");
                return ExitCodes.Error;
        }
    }
}
