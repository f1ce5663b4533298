using System.Text.Json;
using EventFold.Cli.Tests.Support;
using Xunit;

namespace EventFold.Cli.Tests.Commands;

/// <summary>
/// <c>dead-letters replay</c>: the tool connects to a running silo's TCP gateway and replays the gatekeeper's dead letters
/// through the app; the result is read back from the store's file the way <c>dead-letters</c> lists it.
/// </summary>
public sealed class DeadLettersReplayTests(GatewaySilo app) : IClassFixture<GatewaySilo>, IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private Task<CliRun> ReplayAsync(params string[] rest) =>
        Tool.RunAsync(["dead-letters", "replay", app.Store, .. rest, "--gateway", app.Gateway]);

    private async Task<JsonElement> ListedAsync(string letterId)
    {
        var all = await Tool.RunAsync("dead-letters", app.Store, "gatekeeper", "--all", "--json");
        return all.Json().GetProperty("managers")[0].GetProperty("letters").EnumerateArray().Single(l => l.GetProperty("letter_id").GetString() == letterId);
    }

    [Fact]
    public async Task A_letter_whose_cause_is_fixed_replays_to_resolved_in_the_file_and_the_listing()
    {
        var letter = await app.DeadLetterAsync("fixed-1", "gate-fixed");
        await app.OpenAsync("gate-fixed");

        var run = await ReplayAsync("gatekeeper", "--id", letter);

        Assert.True(run.ExitCode == ExitCodes.Ok, run.Output);
        Assert.Contains(letter, run.Output);
        Assert.Contains("resolved", run.Output);
        Assert.Contains("1 resolved, 0 failed again", run.Output);
        Assert.Equal(1, await app.PassesAsync("gate-fixed"));

        var listed = await ListedAsync(letter);
        Assert.NotEqual(JsonValueKind.Null, listed.GetProperty("resolved_at").ValueKind);
        Assert.Equal(2, listed.GetProperty("attempts").GetInt32());
        var unresolved = await Tool.RunAsync("dead-letters", app.Store, "gatekeeper");
        Assert.DoesNotContain(letter, unresolved.Output);

        // Replaying it again names the letter as resolved and sends nothing.
        var again = await ReplayAsync("gatekeeper", "--id", letter);
        Assert.Equal(ExitCodes.Error, again.ExitCode);
        Assert.Contains("already resolved", again.Output);
        Assert.Contains(letter, again.Output);
        Assert.Equal(1, await app.PassesAsync("gate-fixed"));
    }

    [Fact]
    public async Task A_letter_still_failing_exits_1_with_the_new_reason_and_stays_unresolved()
    {
        var letter = await app.DeadLetterAsync("closed-1", "gate-closed");

        var run = await ReplayAsync("gatekeeper", "--id", letter, "--json");

        Assert.True(run.ExitCode == ExitCodes.Findings, run.Output);
        var json = run.Json();
        Assert.Equal("gatekeeper", json.GetProperty("manager").GetString());
        Assert.Equal($"localhost:{app.GatewayPort}", json.GetProperty("gateway").GetString());
        Assert.Equal(0, json.GetProperty("resolved").GetInt32());
        Assert.Equal(1, json.GetProperty("failed").GetInt32());
        var replayed = Assert.Single(json.GetProperty("letters").EnumerateArray());
        Assert.Equal(letter, replayed.GetProperty("letter_id").GetString());
        Assert.Equal("failed", replayed.GetProperty("result").GetString());
        Assert.Equal(2, replayed.GetProperty("attempts").GetInt32());
        Assert.Equal("gate.closed", replayed.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("The gate is closed.", replayed.GetProperty("error").GetProperty("message").GetString());

        var listed = await ListedAsync(letter);
        Assert.Equal(JsonValueKind.Null, listed.GetProperty("resolved_at").ValueKind);
        Assert.Equal(2, listed.GetProperty("attempts").GetInt32());

        var table = await ReplayAsync("gatekeeper", "--id", letter);
        Assert.Equal(ExitCodes.Findings, table.ExitCode);
        Assert.Contains("failed again", table.Output);
        Assert.Contains("gate.closed: The gate is closed.", table.Output);
        Assert.Equal(3, (await ListedAsync(letter)).GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task Replay_all_reports_each_unresolved_letter()
    {
        var fixedLetter = await app.DeadLetterAsync("all-1", "gate-all-open");
        var failing = await app.DeadLetterAsync("all-2", "gate-all-closed");
        await app.OpenAsync("gate-all-open");

        var run = await ReplayAsync("gatekeeper", "--all", "--json");

        Assert.True(run.ExitCode == ExitCodes.Findings, run.Output);
        var letters = run.Json().GetProperty("letters").EnumerateArray().ToDictionary(l => l.GetProperty("letter_id").GetString()!);
        Assert.Equal("resolved", letters[fixedLetter].GetProperty("result").GetString());
        Assert.Equal(JsonValueKind.Null, letters[fixedLetter].GetProperty("error").ValueKind);
        Assert.Equal("failed", letters[failing].GetProperty("result").GetString());
        Assert.NotEqual(JsonValueKind.Null, (await ListedAsync(fixedLetter)).GetProperty("resolved_at").ValueKind);
        Assert.Equal(JsonValueKind.Null, (await ListedAsync(failing)).GetProperty("resolved_at").ValueKind);
    }

    [Fact]
    public async Task No_silo_on_the_gateway_port_is_an_error_naming_the_port()
    {
        var letter = await app.DeadLetterAsync("nobody-home", "gate-nobody");
        var port = GatewaySilo.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);

        var run = await Tool.RunAsync("dead-letters", "replay", app.Store, "gatekeeper", "--id", letter, "--gateway", port);

        Assert.Equal(ExitCodes.Error, run.ExitCode);
        Assert.Contains($"localhost:{port}", run.Output);
        Assert.Contains("--gateway", run.Output);
        Assert.Contains("connection refused", run.Output);
        Assert.Equal(1, (await ListedAsync(letter)).GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task A_cluster_id_other_than_the_apps_is_an_error_naming_the_options()
    {
        var letter = await app.DeadLetterAsync("cluster-1", "gate-cluster");

        var run = await ReplayAsync("gatekeeper", "--id", letter, "--cluster-id", "prod", "--timeout", "5");

        Assert.Equal(ExitCodes.Error, run.ExitCode);
        Assert.Contains($"localhost:{app.GatewayPort}", run.Output);
        Assert.Contains("--cluster-id \"prod\"", run.Output);
        Assert.Contains("last error:", run.Output); // what the client met while retrying, not only that it timed out
        Assert.Equal(1, (await ListedAsync(letter)).GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task Unknown_managers_and_letters_are_errors_naming_them()
    {
        var noManager = await ReplayAsync("nobody", "--all");
        Assert.Equal(ExitCodes.Error, noManager.ExitCode);
        Assert.Contains("\"nobody\"", noManager.Output);

        // In the store but not run by the app behind the gateway.
        Directory.CreateDirectory(Path.Combine(app.Store, "process-managers", "ghost"));
        try
        {
            var ghost = await ReplayAsync("ghost", "--all");
            Assert.Equal(ExitCodes.Error, ghost.ExitCode);
            Assert.Contains("\"ghost\"", ghost.Output);
            Assert.Contains("gatekeeper", ghost.Output); // what the app does run
        }
        finally
        {
            Directory.Delete(Path.Combine(app.Store, "process-managers", "ghost"));
        }

        var noLetter = await ReplayAsync("gatekeeper", "--id", "pm/gatekeeper/no-such-letter");
        Assert.Equal(ExitCodes.Error, noLetter.ExitCode);
        Assert.Contains("pm/gatekeeper/no-such-letter", noLetter.Output);

        Assert.Equal(ExitCodes.Error, (await ReplayAsync("gatekeeper")).ExitCode);
        Assert.Equal(ExitCodes.Error, (await ReplayAsync("gatekeeper", "--all", "--id", "x")).ExitCode);
    }

    [Fact]
    public async Task A_store_the_app_behind_the_gateway_does_not_write_is_refused_before_anything_is_sent()
    {
        var letter = await app.DeadLetterAsync("elsewhere-1", "gate-elsewhere");
        // A copy of the running store's letters (its lock and checkpoint files cannot be copied while the silo writes them).
        var copy = Path.Combine(_dir.Path, "store");
        Directory.CreateDirectory(Path.Combine(copy, "meta"));
        var copiedFile = Path.Combine(Directory.CreateDirectory(Path.Combine(copy, "process-managers", "gatekeeper")).FullName, "dead-letters.jsonl");
        File.Copy(app.LettersFile, copiedFile);
        var foreign = File.ReadLines(copiedFile).First(l => l.Contains(letter, StringComparison.Ordinal)).Replace("elsewhere-1", "elsewhere-2", StringComparison.Ordinal);
        File.AppendAllText(copiedFile, foreign + "\n");
        var foreignLetter = letter.Replace("elsewhere-1", "elsewhere-2", StringComparison.Ordinal);

        var run = await Tool.RunAsync("dead-letters", "replay", copy, "gatekeeper", "--id", foreignLetter, "--gateway", app.Gateway);

        Assert.Equal(ExitCodes.Error, run.ExitCode);
        Assert.Contains(foreignLetter, run.Output);
        Assert.Contains($"localhost:{app.GatewayPort}", run.Output);
        Assert.Contains("another store", run.Output);
    }

    [Fact]
    public async Task The_built_tool_replays_from_its_own_process()
    {
        // The tool's own process has only its own assemblies: the client must find the manager without the app's grain classes.
        var letter = await app.DeadLetterAsync("process-1", "gate-process");
        await app.OpenAsync("gate-process");
        var tool = Path.Combine(AppContext.BaseDirectory, "EventFold.Cli.dll");

        var run = await Processes.RunAsync("dotnet", [tool, "dead-letters", "replay", app.Store, "gatekeeper", "--id", letter, "--gateway", app.Gateway, "--json"]);

        Assert.True(run.ExitCode == ExitCodes.Ok, run.Output);
        using var json = JsonDocument.Parse(run.Output);
        Assert.Equal("resolved", json.RootElement.GetProperty("letters")[0].GetProperty("result").GetString());
        Assert.NotEqual(JsonValueKind.Null, (await ListedAsync(letter)).GetProperty("resolved_at").ValueKind);
        Assert.Equal(1, await app.PassesAsync("gate-process"));
    }
}
