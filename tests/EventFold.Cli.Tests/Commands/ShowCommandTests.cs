using System.Text;
using System.Text.Json;
using EventFold.Cli.Tests.Support;
using Xunit;

namespace EventFold.Cli.Tests.Commands;

/// <summary><c>show</c>: archive and active events in order, <c>--from</c>, raw lines, and <c>--follow</c> beside a live writer.</summary>
public sealed class ShowCommandTests(RuntimeStore runtime) : IClassFixture<RuntimeStore>, IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Shows_archived_then_active_events_in_order_as_json()
    {
        var run = await Tool.RunAsync("show", runtime.Path, "tally", "b", "--json");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var events = run.Json().GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(RuntimeStore.Amounts["b"], events.Select(e => e.GetProperty("data").GetProperty("amount").GetInt32()));
        Assert.Equal(Enumerable.Range(1, 30), events.Select(e => e.GetProperty("version").GetInt32()));
        Assert.True(events[0].GetProperty("archived").GetBoolean());
        Assert.False(events[^1].GetProperty("archived").GetBoolean());
        Assert.Equal("tally-added", events[0].GetProperty("type").GetString());
        Assert.Equal(new FileInfo(Damage.Log(runtime.Path, "b")).Length, events[^1].GetProperty("end_offset").GetInt64());
    }

    [Fact]
    public async Task From_starts_at_that_version_and_raw_prints_the_stored_lines()
    {
        var run = await Tool.RunAsync("show", runtime.Path, "tally", "a", "--from", "4", "--raw");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var stored = File.ReadAllText(Damage.Log(runtime.Path, "a"), Encoding.UTF8).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(stored[3..], run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Table_output_shows_ids_that_need_encoding()
    {
        var run = await Tool.RunAsync("show", runtime.Path, "tally", "c d/é");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains("tally-added", run.Output);
        Assert.Contains("{\"amount\":7}", run.Output);
    }

    [Fact]
    public async Task An_unknown_stream_is_a_clear_error()
    {
        var run = await Tool.RunAsync("show", runtime.Path, "tally", "nope");

        Assert.Equal(ExitCodes.Error, run.ExitCode);
        Assert.Contains("has no stream tally/nope", run.Output);
    }

    [Fact]
    public async Task Follow_prints_events_a_live_writer_appends_while_it_holds_its_lock()
    {
        var store = runtime.CopyTo(_dir);
        using var writer = EventWriter.Open(Damage.StreamDir(store, "a")); // holds the stream's flock, as the running app does
        var output = new SyncStringWriter();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var follow = Tool.RunAsync(output, cts.Token, "show", store, "tally", "a", "--follow", "--json");

        await WaitUntil(() => Lines(output).Count == 5);
        writer.Append(new Event("tally-added", "{\"amount\":100}"u8.ToArray(), 1_764_000_000));
        writer.AppendBatch([new Event("tally-added", "{\"amount\":101}"u8.ToArray(), 1_764_000_001), new Event("tally-added", "{\"amount\":102}"u8.ToArray(), 1_764_000_001)]);
        await WaitUntil(() => Lines(output).Count == 8);
        await cts.CancelAsync();
        var run = await follow;

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var lines = Lines(output);
        Assert.Equal([1, 2, 3, 4, 5, 100, 101, 102], lines.Select(l => l.GetProperty("data").GetProperty("amount").GetInt32()));
        Assert.Equal(Enumerable.Range(1, 8), lines.Select(l => l.GetProperty("version").GetInt32()));
    }

    private static List<JsonElement> Lines(SyncStringWriter output) =>
        [.. output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone())];

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for show --follow");
            await Task.Delay(20);
        }
    }
}
