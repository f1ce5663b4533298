using EventFold.Orleans.Commands;
using EventFold.Orleans.Projections;
using EventFold.Orleans.Tests.Domain;
using EventFold.Orleans.Tests.Support;
using Xunit;

namespace EventFold.Orleans.Tests.Projections;

public sealed class ProjectionStreamTests
{
    [Fact]
    public async Task Rotation_of_a_followed_stream_needs_no_rebuild_and_gives_the_right_result()
    {
        using var dir = new TempDirectory();
        await using var cluster = await ProjectionSilo.StartAsync(dir.Path, store: o => o.MaxActiveLogBytes = 1024);
        var totals = cluster.Client.GetProjection<ITotals>();
        var account = cluster.Client.GetGrain<ILedgerAccount>("rotating");
        var position = (await account.Execute(new OpenAccount("rita"), CommandContext.None)).Position;
        long expected = 0;
        for (var i = 1; i <= 60; i++)
        {
            var result = await account.Execute(new Deposit(i), CommandContext.None);
            expected += i;
            if (i % 7 == 0)
            {
                // Read-your-writes between rotations: the cursor stands inside a log that is then archived.
                Assert.Equal(expected, await totals.Balance("rotating", result.Position));
            }

            position = result.Position;
        }

        Assert.True(File.Exists(Path.Combine(dir.Path, "streams", "ledger", "rotating", "archive.jsonl.zst")));
        Assert.Equal(expected, await totals.Balance("rotating", position));
        await ProjectionCatchUp.CatchUpAllAsync(cluster.GetSiloServiceProvider());
        var status = await totals.GetStatusAsync();
        var state = await totals.Get();
        Assert.Equal(0, status.Rebuilds);
        Assert.Equal(61, state.Events);
        Assert.Equal(0, state.Duplicates + state.Gaps);

        // After a checkpoint the cursor (possibly standing after an archived event) still continues the stream.
        await totals.CheckpointAsync();
        await account.Execute(new Deposit(1000), CommandContext.None);
        await ProjectionCatchUp.CatchUpAllAsync(cluster.GetSiloServiceProvider());
        Assert.Equal(expected + 1000, (await totals.Get()).Balances["rotating"]);
        Assert.Equal(0, (await totals.GetStatusAsync()).Rebuilds);
    }

    [Fact]
    public async Task A_poison_event_stops_the_projection_on_its_stream_only()
    {
        using var dir = new TempDirectory();
        await using var cluster = await ProjectionSilo.StartAsync(dir.Path, projections: o => o.PollInterval = TimeSpan.Zero);
        var poisonable = cluster.Client.GetProjection<IPoisonable>();
        var bad = cluster.Client.GetGrain<ILedgerAccount>("bad");
        var good = cluster.Client.GetGrain<ILedgerAccount>("good");
        await bad.Execute(new OpenAccount("b"), CommandContext.None);
        await good.Execute(new OpenAccount("g"), CommandContext.None);
        await bad.Execute(new Deposit(5), CommandContext.None);
        var poison = await bad.Execute(new Deposit(13), CommandContext.None);
        await bad.Execute(new Deposit(1), CommandContext.None);
        var last = await good.Execute(new Deposit(13 + 1), CommandContext.None);

        Assert.Equal(14, await poisonable.Balance("good", last.Position));
        await Assert.ThrowsAsync<ProjectionStreamFailedException>(() => poisonable.Balance("bad", poison.Position));

        // Retried with backoff until it gives up on that stream; the error is in the status.
        var status = await WaitForStatusAsync(poisonable, s => s.Streams.Any(x => x.Id == "bad" && x.Stopped));
        var stream = Assert.Single(status.Streams);
        Assert.Equal("bad", stream.Id);
        Assert.True(stream.Stopped);
        Assert.Equal(2, stream.Version);
        Assert.Equal(2, stream.Lag);
        Assert.Contains("13 is unlucky", stream.Error);
        Assert.Contains("13 is unlucky", status.LastError);

        // Other streams keep flowing.
        var more = await good.Execute(new Deposit(6), CommandContext.None);
        Assert.Equal(20, await poisonable.Balance("good", more.Position));
        Assert.Equal(5, (await poisonable.Get()).Balances["bad"]);
    }

    private static async Task<ProjectionStatus> WaitForStatusAsync(IProjectionGrain grain, Func<ProjectionStatus, bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var status = await grain.GetStatusAsync();
            if (done(status) || DateTime.UtcNow > deadline)
            {
                return status;
            }

            await Task.Delay(100);
        }
    }
}
