using System.Text;
using System.Text.Json;
using EventFold.Cli.Tests.Support;
using Xunit;

namespace EventFold.Cli.Tests.Commands;

/// <summary><c>dead-letters</c>: the letters a real process manager wrote when its target rejected every command.</summary>
public sealed class DeadLettersCommandTests(DeadLetterStore runtime) : IClassFixture<DeadLetterStore>, IDisposable
{
    private const string V1 = "pm/gatekeeper/cli-visitor/1/0/v-1";
    private const string V2 = "pm/gatekeeper/cli-visitor/1/0/v-2";

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static void AppendResolved(string file, string letterId) =>
        File.AppendAllText(file, $"{{\"kind\":\"resolved\",\"id\":\"{letterId}\",\"attempts\":2,\"at\":\"2026-01-02T03:04:05+00:00\"}}\n", Encoding.UTF8);

    [Fact]
    public async Task Unresolved_letters_are_listed_as_json_and_table_with_exit_code_1()
    {
        var run = await Tool.RunAsync("dead-letters", runtime.Path, "--json");

        Assert.Equal(ExitCodes.Findings, run.ExitCode);
        var manager = Assert.Single(run.Json().GetProperty("managers").EnumerateArray());
        Assert.Equal("gatekeeper", manager.GetProperty("name").GetString());
        Assert.Equal(2, manager.GetProperty("unresolved").GetInt32());
        Assert.Equal(0, manager.GetProperty("torn_bytes").GetInt64());
        var letters = manager.GetProperty("letters").EnumerateArray().ToList();
        Assert.Equal([V1, V2], letters.Select(l => l.GetProperty("letter_id").GetString()).Order());
        Assert.All(letters, l =>
        {
            Assert.Equal("cli-gate", l.GetProperty("target").GetProperty("aggregate_type").GetString());
            Assert.Equal("g-1", l.GetProperty("target").GetProperty("aggregate_id").GetString());
            Assert.Equal("gate-pass", l.GetProperty("command_type").GetString());
            Assert.Equal("gate.closed", l.GetProperty("error").GetProperty("code").GetString());
            Assert.Equal("The gate is closed.", l.GetProperty("error").GetProperty("message").GetString());
            Assert.Equal(1, l.GetProperty("attempts").GetInt32());
            Assert.Equal("cli-visitor", l.GetProperty("source").GetProperty("aggregate_type").GetString());
            Assert.Equal(1, l.GetProperty("source").GetProperty("version").GetInt64());
            Assert.True(l.GetProperty("first_attempt").GetDateTimeOffset() <= l.GetProperty("last_attempt").GetDateTimeOffset());
            Assert.Equal(JsonValueKind.Null, l.GetProperty("resolved_at").ValueKind);
        });

        var table = await Tool.RunAsync("dead-letters", runtime.Path);
        Assert.Equal(ExitCodes.Findings, table.ExitCode);
        Assert.Contains(V1, table.Output);
        Assert.Contains("cli-gate/g-1", table.Output);
        Assert.Contains("gate.closed", table.Output);
        Assert.Contains($"eventfold dead-letters replay {runtime.Path} gatekeeper --all", table.Output);
    }

    [Fact]
    public async Task Show_prints_one_letter_with_its_envelope()
    {
        var json = await Tool.RunAsync("dead-letters", runtime.Path, "gatekeeper", "--show", V2, "--json");

        Assert.Equal(ExitCodes.Findings, json.ExitCode);
        var letter = json.Json();
        Assert.Equal(V2, letter.GetProperty("letter_id").GetString());
        var envelope = letter.GetProperty("envelope");
        Assert.Equal("gate-pass", envelope.GetProperty("command_type").GetString());
        Assert.Equal(V2, envelope.GetProperty("context").GetProperty("command_id").GetString());
        Assert.Equal("process-manager/gatekeeper", envelope.GetProperty("context").GetProperty("actor").GetString());
        Assert.Equal(JsonValueKind.Object, envelope.GetProperty("payload").ValueKind);
        Assert.Contains("\"v-2\"", envelope.GetProperty("payload").GetRawText());

        var text = await Tool.RunAsync("dead-letters", runtime.Path, "gatekeeper", "--show", V2);
        Assert.Equal(ExitCodes.Findings, text.ExitCode);
        Assert.Contains("envelope:", text.Output);
        Assert.Contains($"\"command_id\": \"{V2}\"", text.Output);

        var missing = await Tool.RunAsync("dead-letters", runtime.Path, "gatekeeper", "--show", "no-such-letter");
        Assert.Equal(ExitCodes.Error, missing.ExitCode);
        Assert.Contains("no-such-letter", missing.Output);
        Assert.Equal(ExitCodes.Error, (await Tool.RunAsync("dead-letters", runtime.Path, "nobody")).ExitCode);
    }

    [Fact]
    public async Task Resolved_letters_are_listed_only_with_all_and_exit_code_0()
    {
        var store = runtime.CopyTo(_dir);
        AppendResolved(runtime.LettersFile(store), V1);
        AppendResolved(runtime.LettersFile(store), V2);

        var run = await Tool.RunAsync("dead-letters", store, "--json");
        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Empty(run.Json().GetProperty("managers")[0].GetProperty("letters").EnumerateArray());

        var all = await Tool.RunAsync("dead-letters", store, "gatekeeper", "--all", "--json");
        Assert.Equal(ExitCodes.Ok, all.ExitCode);
        var letters = all.Json().GetProperty("managers")[0].GetProperty("letters").EnumerateArray().ToList();
        Assert.Equal(2, letters.Count);
        Assert.All(letters, l => Assert.Equal("2026-01-02T03:04:05Z", l.GetProperty("resolved_at").GetString()));
        Assert.All(letters, l => Assert.Equal(2, l.GetProperty("attempts").GetInt32()));
    }

    [Fact]
    public async Task No_letters_file_means_no_letters_and_exit_code_0()
    {
        var store = runtime.CopyTo(_dir);
        File.Delete(runtime.LettersFile(store));

        var run = await Tool.RunAsync("dead-letters", store, "--json");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal(0, run.Json().GetProperty("managers")[0].GetProperty("unresolved").GetInt32());
    }

    [Fact]
    public async Task A_torn_last_line_is_ignored_like_the_runtime_does()
    {
        var store = runtime.CopyTo(_dir);
        var file = runtime.LettersFile(store);
        var before = File.ReadAllBytes(file);
        File.AppendAllText(file, "{\"kind\":\"resolved\",\"id\":\"" + V1, Encoding.UTF8);

        var run = await Tool.RunAsync("dead-letters", store, "--json");

        Assert.Equal(ExitCodes.Findings, run.ExitCode);
        var manager = run.Json().GetProperty("managers")[0];
        Assert.Equal(2, manager.GetProperty("unresolved").GetInt32());
        Assert.Equal(new FileInfo(file).Length - before.Length, manager.GetProperty("torn_bytes").GetInt64());
        Assert.Contains("torn last line", (await Tool.RunAsync("dead-letters", store)).Output);
        Assert.NotEqual(before.Length, new FileInfo(file).Length); // read-only: the tool does not cut the tail off
    }
}
