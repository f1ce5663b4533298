using EventFold.Orleans.Commands;
using EventFold.Orleans.Projections;
using EventFold.Orleans.Tests.Domain;
using EventFold.Orleans.Tests.Support;
using Xunit;

namespace EventFold.Orleans.Tests.Projections;

public sealed class ProjectionCheckpointTests
{
    [Fact]
    public async Task A_restart_resumes_from_the_checkpoint_applies_nothing_twice_and_finds_streams_created_while_the_projection_was_down()
    {
        using var dir = new TempDirectory();
        Dictionary<string, long> balances;
        long events;
        await using (var first = await ProjectionSilo.StartAsync(dir.Path))
        {
            (balances, _, events) = await ProjectionConvergenceTests.WriteLoadAsync(first.Client);
            await ProjectionCatchUp.CatchUpAllAsync(first.GetSiloServiceProvider());
            Assert.Equal(events, (await first.Client.GetProjection<ITotals>().Get()).Events);
        }

        Assert.True(File.Exists(Path.Combine(dir.Path, "projections", "totals", "state.json")));

        // The projection is down (its grain class is not in this silo) while new streams are created and old ones grow.
        await using (var down = await ProjectionSilo.StartAsync(dir.Path, without: [typeof(TotalsGrain), typeof(TotalsV2Grain), typeof(UnsubscribedGrain)]))
        {
            await down.Client.GetGrain<ILedgerAccount>("late").Execute(new OpenAccount("late"), CommandContext.None);
            await down.Client.GetGrain<ILedgerAccount>("late").Execute(new Deposit(7), CommandContext.None);
            await down.Client.GetGrain<ILedgerAccount>("acc-0").Execute(new Deposit(100), CommandContext.None);
        }

        await using var again = await ProjectionSilo.StartAsync(dir.Path);
        var totals = again.Client.GetProjection<ITotals>();
        await ProjectionCatchUp.CatchUpAllAsync(again.GetSiloServiceProvider());
        var state = await totals.Get();
        var status = await totals.GetStatusAsync();

        Assert.Equal(3, status.EventsApplied); // only what is new since the checkpoint
        Assert.Null(status.LastRebuildReason);
        Assert.Equal(events + 3, state.Events);
        Assert.Equal(0, state.Duplicates + state.Gaps);
        Assert.Equal(7, state.Balances["late"]);
        Assert.Equal(balances["acc-0"] + 100, state.Balances["acc-0"]);
    }

    [Fact]
    public async Task A_corrupt_checkpoint_is_rebuilt_from_the_streams()
    {
        using var dir = new TempDirectory();
        Dictionary<string, long> balances;
        long events;
        await using (var first = await ProjectionSilo.StartAsync(dir.Path))
        {
            (balances, _, events) = await ProjectionConvergenceTests.WriteLoadAsync(first.Client);
            await ProjectionCatchUp.CatchUpAllAsync(first.GetSiloServiceProvider());
        }

        var statePath = Path.Combine(dir.Path, "projections", "totals", "state.json");
        var bytes = File.ReadAllBytes(statePath);
        File.WriteAllBytes(statePath, bytes[..(bytes.Length / 2)]);

        await using var again = await ProjectionSilo.StartAsync(dir.Path);
        var totals = again.Client.GetProjection<ITotals>();
        var status = await totals.GetStatusAsync();
        var state = await totals.Get();

        Assert.Contains("cannot be read", status.LastRebuildReason);
        Assert.Equal(events, status.EventsApplied);
        Assert.Equal(events, state.Events);
        Assert.Equal(balances, state.Balances.OrderBy(p => p.Key).ToDictionary());
    }

    [Fact]
    public async Task A_new_projection_version_discards_the_old_checkpoint_and_rebuilds()
    {
        using var dir = new TempDirectory();
        long events;
        await using (var first = await ProjectionSilo.StartAsync(dir.Path))
        {
            (_, _, events) = await ProjectionConvergenceTests.WriteLoadAsync(first.Client);
            await ProjectionCatchUp.CatchUpAllAsync(first.GetSiloServiceProvider());
        }

        await using var again = await ProjectionSilo.StartAsync(dir.Path, without: [typeof(TotalsGrain), typeof(UnsubscribedGrain)]);
        var totals = again.Client.GetProjection<ITotalsV2>();
        await ProjectionCatchUp.CatchUpAllAsync(again.GetSiloServiceProvider());
        var status = await totals.GetStatusAsync();

        Assert.Equal(2, status.Version);
        Assert.Contains("version 1", status.LastRebuildReason);
        Assert.Equal(events, status.EventsApplied);
        Assert.Equal(events, (await totals.Get()).Events);
        Assert.Equal(0, (await totals.Get()).Duplicates);
    }
}
