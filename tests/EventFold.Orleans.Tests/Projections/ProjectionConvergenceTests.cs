using EventFold.Orleans.Aggregates;
using EventFold.Orleans.Commands;
using EventFold.Orleans.Projections;
using EventFold.Orleans.Tests.Domain;
using EventFold.Orleans.Tests.Support;
using Xunit;

namespace EventFold.Orleans.Tests.Projections;

public sealed class ProjectionConvergenceTests
{
    private const int Accounts = 24;
    private const int Items = 12;

    [Fact]
    public async Task Concurrent_commands_over_two_types_converge_through_notices_alone()
    {
        using var dir = new TempDirectory();
        await using var cluster = await ProjectionSilo.StartAsync(dir.Path, projections: o => o.PollInterval = TimeSpan.Zero);
        var (balances, stock, events) = await WriteLoadAsync(cluster.Client);

        // No catch-up call, no polling: only the notices tell the projection what to read.
        var totals = cluster.Client.GetProjection<ITotals>();
        var state = await ProjectionSilo.WaitForAsync(totals, s => s.Events == events);

        Assert.Equal(events, state.Events);
        Assert.Equal(balances, state.Balances.OrderBy(p => p.Key).ToDictionary());
        Assert.Equal(stock, state.Stock.OrderBy(p => p.Key).ToDictionary());
        Assert.Equal(0, state.Duplicates);
        Assert.Equal(0, state.Gaps);
        Assert.Equal(events, state.Correlated);

        // The incremental fold ends where a full rebuild does.
        await totals.RebuildAsync();
        var rebuilt = await totals.Get();
        Assert.Equal(state.Balances, rebuilt.Balances);
        Assert.Equal(state.Stock, rebuilt.Stock);
        Assert.Equal(state.Events, rebuilt.Events);
        Assert.Equal("an explicit rebuild was requested", (await totals.GetStatusAsync()).LastRebuildReason);
    }

    [Fact]
    public async Task Direct_notices_alone_wake_the_projection_while_the_notice_stream_is_not_polled()
    {
        using var dir = new TempDirectory();
        await using var cluster = await ProjectionSilo.StartAsync(dir.Path, projections: o =>
        {
            o.PollInterval = TimeSpan.Zero;
            o.NoticePullingPeriod = TimeSpan.FromMinutes(10); // the stream delivers nothing during the test
        });
        var totals = cluster.Client.GetProjection<ITotals>();
        await totals.GetStatusAsync(); // active before the writes, so activation does not explain the result
        var (balances, _, events) = await WriteLoadAsync(cluster.Client);

        var state = await ProjectionSilo.WaitForAsync(totals, s => s.Events == events);
        Assert.Equal(events, state.Events);
        Assert.Equal(balances, state.Balances.OrderBy(p => p.Key).ToDictionary());
        Assert.Equal(0, state.Duplicates + state.Gaps);
    }

    [Fact]
    public async Task With_direct_notices_off_the_notice_stream_alone_wakes_the_projection()
    {
        using var dir = new TempDirectory();
        await using var cluster = await ProjectionSilo.StartAsync(dir.Path, projections: o =>
        {
            o.PollInterval = TimeSpan.Zero;
            o.DirectNotices = false;
        });
        var totals = cluster.Client.GetProjection<ITotals>();
        await totals.GetStatusAsync();
        var (balances, _, events) = await WriteLoadAsync(cluster.Client);

        var state = await ProjectionSilo.WaitForAsync(totals, s => s.Events == events);
        Assert.Equal(events, state.Events);
        Assert.Equal(balances, state.Balances.OrderBy(p => p.Key).ToDictionary());
        Assert.Equal(0, state.Duplicates + state.Gaps);
    }

    [Fact]
    public async Task With_notices_disabled_the_projection_still_converges_by_catching_up_from_the_files()
    {
        using var dir = new TempDirectory();
        await using var cluster = await ProjectionSilo.StartAsync(dir.Path, projections: o =>
        {
            o.PublishNotices = false;
            o.PollInterval = TimeSpan.Zero;
        });
        var totals = cluster.Client.GetProjection<ITotals>();
        await totals.GetStatusAsync(); // active before the writes, so activation does not explain the result
        var (balances, stock, events) = await WriteLoadAsync(cluster.Client);

        Assert.Equal(0, (await totals.Get()).Events);
        await ProjectionCatchUp.CatchUpAllAsync(cluster.GetSiloServiceProvider());

        var state = await totals.Get();
        Assert.Equal(events, state.Events);
        Assert.Equal(balances, state.Balances.OrderBy(p => p.Key).ToDictionary());
        Assert.Equal(stock, state.Stock.OrderBy(p => p.Key).ToDictionary());
        Assert.Equal(0, state.Duplicates + state.Gaps);
        Assert.Empty((await totals.GetStatusAsync()).Streams);
    }

    [Fact]
    public async Task Read_your_writes_returns_state_that_includes_the_write()
    {
        using var dir = new TempDirectory();
        await using var cluster = await ProjectionSilo.StartAsync(dir.Path, projections: o =>
        {
            o.PublishNotices = false;
            o.PollInterval = TimeSpan.Zero;
        });
        var totals = cluster.Client.GetProjection<ITotals>();
        await totals.GetStatusAsync();
        var account = cluster.Client.GetGrain<ILedgerAccount>("ryw");
        await account.Execute(new OpenAccount("ann"), CommandContext.None);
        var result = await account.Execute(new Deposit(42), CommandContext.None);

        Assert.Equal(0, await totals.Balance("ryw", after: null));
        Assert.Equal(42, await totals.Balance("ryw", result.Position));

        var more = await account.Execute(new DepositMany([1, 2]), CommandContext.None);
        await totals.WaitForAsync([more.Position], TimeSpan.FromSeconds(5));
        Assert.Equal(45, await totals.Balance("ryw", after: null));

        // A position the store does not hold is waited for, then reported.
        await Assert.ThrowsAsync<TimeoutException>(() =>
            totals.WaitForAsync([more.Position with { Version = 99 }], TimeSpan.FromMilliseconds(200)));
        await Assert.ThrowsAsync<ArgumentException>(() =>
            totals.WaitForAsync([new StreamPosition("account", "x", 1)], TimeSpan.FromSeconds(1)));
    }

    /// <summary>Concurrent commands over many ledger accounts and stock items; returns the expected totals and the event count.</summary>
    internal static async Task<(Dictionary<string, long> Balances, Dictionary<string, long> Stock, long Events)> WriteLoadAsync(IGrainFactory grains, string prefix = "")
    {
        var context = new CommandContext { CorrelationId = "load" };
        var balances = new Dictionary<string, long>();
        var stock = new Dictionary<string, long>();
        var tasks = new List<Task<long>>();
        for (var i = 0; i < Accounts; i++)
        {
            var id = $"{prefix}acc-{i}";
            balances[id] = 0;
            tasks.Add(Account(grains.GetGrain<ILedgerAccount>(id), i, context, balances));
        }

        for (var i = 0; i < Items; i++)
        {
            var id = $"{prefix}item-{i}";
            stock[id] = 0;
            tasks.Add(Item(grains.GetGrain<IStockAggregate>(id), i, context, stock));
        }

        var counts = await Task.WhenAll(tasks);
        return (balances.OrderBy(p => p.Key).ToDictionary(), stock.OrderBy(p => p.Key).ToDictionary(), counts.Sum());
    }

    private static async Task<long> Account(ILedgerAccount account, int i, CommandContext context, Dictionary<string, long> balances)
    {
        long events = (await account.Execute(new OpenAccount($"owner-{i}"), context)).Events.Length;
        for (var n = 1; n <= 6; n++)
        {
            events += (await account.Execute(new Deposit((i * 10) + n), context)).Events.Length;
        }

        events += (await account.Execute(new Withdraw(1), context)).Events.Length;
        events += (await account.Execute(new DepositMany([2, 3]), context)).Events.Length;
        var state = await account.GetState();
        lock (balances)
        {
            balances[account.GetPrimaryKeyString()] = state.Balance;
        }

        return events;
    }

    private static async Task<long> Item(IStockAggregate item, int i, CommandContext context, Dictionary<string, long> stock)
    {
        long events = 0;
        for (var n = 1; n <= 5; n++)
        {
            events += (await item.Execute(new ReceiveStock(i + n), context)).Events.Length;
        }

        events += (await item.Execute(new ShipStock(2), context)).Events.Length;
        var state = await item.GetState();
        lock (stock)
        {
            stock[item.GetPrimaryKeyString()] = state.Units;
        }

        return events;
    }
}
