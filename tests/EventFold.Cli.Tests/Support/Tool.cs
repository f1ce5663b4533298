using System.Text.Json;
using Spectre.Console;

namespace EventFold.Cli.Tests.Support;

/// <summary>One in-process run of the tool: exit code and everything it printed.</summary>
public sealed record CliRun(int ExitCode, string Output)
{
    public JsonElement Json()
    {
        try
        {
            return JsonDocument.Parse(Output).RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"not JSON (exit {ExitCode}):\n{Output}", e);
        }
    }
}

/// <summary>Runs <c>eventfold</c> commands in-process against a captured, non-interactive console.</summary>
public static class Tool
{
    public static async Task<CliRun> RunAsync(params string[] args) => await RunAsync(CancellationToken.None, args);

    public static async Task<CliRun> RunAsync(CancellationToken ct, params string[] args)
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = 400;
        var code = await EventFoldCli.RunAsync(args, console, ct);
        return new CliRun(code, writer.ToString());
    }
}
