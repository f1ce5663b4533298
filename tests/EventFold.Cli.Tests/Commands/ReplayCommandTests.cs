using EventFold.Cli.Tests.Domain;
using EventFold.Cli.Tests.Support;
using Xunit;

namespace EventFold.Cli.Tests.Commands;

/// <summary><c>replay</c>: a dry-run fold with the app's own aggregate loaded from its assembly.</summary>
public sealed class ReplayCommandTests(RuntimeStore runtime) : IClassFixture<RuntimeStore>, IDisposable
{
    private static readonly string App = typeof(TallyGrain).Assembly.Location;

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_healthy_stream_folds_completely()
    {
        var run = await Tool.RunAsync("replay", runtime.Path, "tally", "b", "--assembly", App, "--json");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.Output);
        var json = run.Json();
        Assert.Equal(30, json.GetProperty("events_folded").GetInt64());
        Assert.Equal(JsonValueKindNull, json.GetProperty("failure").ValueKind);
        Assert.Equal(RuntimeStore.Amounts["b"].Sum(), json.GetProperty("state").GetProperty("total").GetInt64());
        Assert.Equal(typeof(TallyAggregate).FullName, json.GetProperty("aggregate_class").GetString());
    }

    [Fact]
    public async Task The_first_event_the_fold_rejects_is_reported_and_nothing_is_written()
    {
        var store = runtime.CopyTo(_dir);
        Damage.AppendEvent(store, "a", "tally-added", "{\"amount\":13}");
        Damage.AppendEvent(store, "a", "tally-added", "{\"amount\":13}");
        var before = TreeHash.Of(store);

        var run = await Tool.RunAsync("replay", store, "tally", "a", "--assembly", App, "--json");
        var table = await Tool.RunAsync("replay", store, "tally", "a", "--assembly", App);

        Assert.Equal(ExitCodes.Findings, run.ExitCode);
        var failure = run.Json().GetProperty("failure");
        Assert.Equal(6, failure.GetProperty("version").GetInt64());
        Assert.Equal("fold", failure.GetProperty("stage").GetString());
        Assert.Contains("13 is not a valid amount", failure.GetProperty("message").GetString());
        Assert.Equal(5, run.Json().GetProperty("events_folded").GetInt64());
        Assert.Equal(ExitCodes.Findings, table.ExitCode);
        Assert.Contains("event 6", table.Output);
        Assert.Equal(before, TreeHash.Of(store));
    }

    [Fact]
    public async Task An_event_type_the_app_does_not_know_fails_to_decode()
    {
        var store = runtime.CopyTo(_dir);
        Damage.AppendEvent(store, "c d/é", "tally-removed", "{\"amount\":1}");

        var run = await Tool.RunAsync("replay", store, "tally", "c d/é", "--assembly", App, "--json");

        Assert.Equal(ExitCodes.Findings, run.ExitCode);
        var failure = run.Json().GetProperty("failure");
        Assert.Equal(2, failure.GetProperty("version").GetInt64());
        Assert.Equal("decode", failure.GetProperty("stage").GetString());
        Assert.Contains("tally-removed", failure.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_wrong_assembly_or_type_is_a_clear_error()
    {
        var missing = await Tool.RunAsync("replay", runtime.Path, "tally", "a", "--assembly", Path.Combine(_dir.Path, "nope.dll"));
        var foreign = await Tool.RunAsync("replay", runtime.Path, "tally", "a", "--assembly", typeof(EventFold.Event).Assembly.Location);

        Assert.Equal(ExitCodes.Error, missing.ExitCode);
        Assert.Contains("nope.dll", missing.Output);
        Assert.Equal(ExitCodes.Error, foreign.ExitCode);
        Assert.Contains("no aggregate grain class for 'tally'", foreign.Output);
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;
}
