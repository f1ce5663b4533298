using EventFold.Cli.Tests.Support;
using Xunit;

namespace EventFold.Cli.Tests.Commands;

/// <summary><c>projections</c>: status and lag of the checkpoints a real projection grain saved.</summary>
public sealed class ProjectionsCommandTests(RuntimeStore runtime) : IClassFixture<RuntimeStore>, IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_caught_up_projection_is_ok_with_no_lag()
    {
        var run = await Tool.RunAsync("projections", runtime.Path, "--json");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var projection = Assert.Single(run.Json().GetProperty("projections").EnumerateArray());
        Assert.Equal("tally-totals", projection.GetProperty("name").GetString());
        Assert.Equal(1, projection.GetProperty("version").GetInt32());
        Assert.Equal("ok", projection.GetProperty("status").GetString());
        Assert.Equal(0, projection.GetProperty("lag").GetInt64());
        Assert.Equal(3, projection.GetProperty("streams").GetArrayLength());
        Assert.Equal(36, projection.GetProperty("streams").EnumerateArray().Sum(s => s.GetProperty("version").GetInt64()));
    }

    [Fact]
    public async Task Events_written_after_the_checkpoint_are_lag()
    {
        var store = runtime.CopyTo(_dir);
        Damage.AppendEvent(store, "a", "tally-added", "{\"amount\":1}");
        Damage.AppendEvent(store, "b", "tally-added", "{\"amount\":1}");

        var run = await Tool.RunAsync("projections", store, "--json");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var projection = Assert.Single(run.Json().GetProperty("projections").EnumerateArray());
        Assert.Equal("behind", projection.GetProperty("status").GetString());
        Assert.Equal(2, projection.GetProperty("lag").GetInt64());

        var table = await Tool.RunAsync("projections", store);
        Assert.Contains("tally-totals", table.Output);
        Assert.Contains("behind", table.Output);
    }

    [Fact]
    public async Task A_cursor_that_no_longer_continues_its_stream_means_rebuild()
    {
        var store = runtime.CopyTo(_dir);
        var log = Damage.Log(store, "a");
        VerifyCorruptionTests.ChangeLastAmountBefore(log, new FileInfo(log).Length);

        var run = await Tool.RunAsync("projections", store, "--json");

        Assert.Equal(ExitCodes.Findings, run.ExitCode);
        var projection = Assert.Single(run.Json().GetProperty("projections").EnumerateArray());
        Assert.Equal("rebuild", projection.GetProperty("status").GetString());
        var a = projection.GetProperty("streams").EnumerateArray().Single(s => s.GetProperty("id").GetString() == "a");
        Assert.Contains("hash", a.GetProperty("problem").GetString());
    }
}
