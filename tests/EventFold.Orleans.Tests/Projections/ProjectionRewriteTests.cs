using EventFold.Orleans.Projections;
using EventFold.Orleans.Tests.Domain;
using EventFold.Orleans.Tests.Support;
using Xunit;

namespace EventFold.Orleans.Tests.Projections;

public sealed class ProjectionRewriteTests
{
    [Fact]
    public async Task A_stream_rewritten_under_a_cursor_makes_the_projection_rebuild_to_what_the_files_hold()
    {
        using var dir = new TempDirectory();
        Dictionary<string, long> balances;
        long events;
        await using (var first = await ProjectionSilo.StartAsync(dir.Path))
        {
            (balances, _, events) = await ProjectionConvergenceTests.WriteLoadAsync(first.Client);
            await ProjectionCatchUp.CatchUpAllAsync(first.GetSiloServiceProvider());
        }

        // acc-0's log is replaced by acc-1's (same number of events, other content): the cursor's hash no longer matches.
        var ledger = Path.Combine(dir.Path, "streams", "ledger");
        File.Copy(Path.Combine(ledger, "acc-1", "app.jsonl"), Path.Combine(ledger, "acc-0", "app.jsonl"), overwrite: true);

        await using var again = await ProjectionSilo.StartAsync(dir.Path);
        var totals = again.Client.GetProjection<ITotals>();
        await ProjectionCatchUp.CatchUpAllAsync(again.GetSiloServiceProvider());
        var status = await totals.GetStatusAsync();
        var state = await totals.Get();

        Assert.Equal(1, status.Rebuilds);
        Assert.Contains("rewritten", status.LastRebuildReason);
        Assert.Equal(events, state.Events);
        Assert.Equal(balances["acc-1"], state.Balances["acc-0"]);
        Assert.Equal(balances["acc-2"], state.Balances["acc-2"]);
        Assert.Equal(0, state.Duplicates + state.Gaps);
    }
}
