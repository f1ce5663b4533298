using EventFold.Cli.Tests.Support;
using Xunit;

namespace EventFold.Cli.Tests.Commands;

/// <summary><c>ls</c>, <c>stats</c> and <c>verify</c> on a clean store written by a real silo.</summary>
public sealed class InspectCommandTests(RuntimeStore store) : IClassFixture<RuntimeStore>
{
    [Fact]
    public async Task Ls_lists_types_and_streams_with_counts()
    {
        var run = await Tool.RunAsync("ls", store.Path, "--json");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var json = run.Json();
        var type = Assert.Single(json.GetProperty("types").EnumerateArray());
        Assert.Equal("tally", type.GetProperty("type").GetString());
        Assert.Equal(3, type.GetProperty("streams").GetInt32());
        Assert.Equal(36, type.GetProperty("events").GetInt64());
        var streams = json.GetProperty("streams").EnumerateArray().ToDictionary(s => s.GetProperty("id").GetString()!);
        Assert.Equal(["a", "b", "c d/é"], streams.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(30, streams["b"].GetProperty("events").GetInt64());
        Assert.True(streams["b"].GetProperty("archived_events").GetInt64() > 0, "stream b was rotated into its archive");
        Assert.True(streams["a"].GetProperty("registered").GetBoolean());

        var table = await Tool.RunAsync("ls", store.Path, "tally");
        Assert.Equal(ExitCodes.Ok, table.ExitCode);
        Assert.Contains("c d/é", table.Output);
    }

    [Fact]
    public async Task Stats_counts_events_archive_and_snapshots()
    {
        var run = await Tool.RunAsync("stats", store.Path, "--json");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var json = run.Json();
        Assert.Equal(3, json.GetProperty("streams").GetInt32());
        Assert.Equal(36, json.GetProperty("events").GetInt64());
        Assert.True(json.GetProperty("archive_ratio").GetDouble() > 1);
        Assert.True(json.GetProperty("streams_with_snapshot").GetInt32() >= 2);
        Assert.Equal("b", json.GetProperty("largest")[0].GetProperty("id").GetString());

        var table = await Tool.RunAsync("stats", store.Path);
        Assert.Contains("snapshot coverage", table.Output);
    }

    [Fact]
    public async Task Verify_on_a_clean_store_exits_0()
    {
        var run = await Tool.RunAsync("verify", store.Path, "--json");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.Output);
        var json = run.Json();
        Assert.True(json.GetProperty("clean").GetBoolean());
        Assert.Equal(36, json.GetProperty("events").GetInt64());
        Assert.DoesNotContain(json.GetProperty("findings").EnumerateArray(), f => f.GetProperty("severity").GetString() != "info");

        var table = await Tool.RunAsync("verify", store.Path);
        Assert.Contains("clean", table.Output);
    }

    [Fact]
    public async Task A_path_without_a_store_is_a_clear_error()
    {
        using var empty = new TempDir();

        var run = await Tool.RunAsync("ls", empty.Path);

        Assert.Equal(ExitCodes.Error, run.ExitCode);
        Assert.Contains("is not an EventFold store", run.Output);
    }
}
