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

    public static Task<CliRun> RunAsync(CancellationToken ct, params string[] args) => RunAsync(new SyncStringWriter(), ct, args);

    /// <summary>Runs with a writer the test can read while the command still runs (show --follow).</summary>
    public static async Task<CliRun> RunAsync(SyncStringWriter writer, CancellationToken ct, params string[] args)
    {
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

/// <summary>A string writer safe to read while another thread writes.</summary>
public sealed class SyncStringWriter : StringWriter
{
    private readonly Lock _sync = new();

    public override void Write(char value)
    {
        lock (_sync)
        {
            base.Write(value);
        }
    }

    public override void Write(string? value)
    {
        lock (_sync)
        {
            base.Write(value);
        }
    }

    public override void Write(char[] buffer, int index, int count)
    {
        lock (_sync)
        {
            base.Write(buffer, index, count);
        }
    }

    public override string ToString()
    {
        lock (_sync)
        {
            return base.ToString();
        }
    }
}
