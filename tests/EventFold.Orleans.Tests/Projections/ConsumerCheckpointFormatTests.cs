using System.Globalization;
using EventFold.Orleans.Commands;
using EventFold.Orleans.ProcessManagers;
using EventFold.Orleans.Projections;
using EventFold.Orleans.Reading;
using EventFold.Orleans.Tests.Domain;
using EventFold.Orleans.Tests.ProcessManagers;
using EventFold.Orleans.Tests.ProcessManagers.Domain;
using EventFold.Orleans.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Xunit;

namespace EventFold.Orleans.Tests.Projections;

/// <summary>
/// Checkpoints in the format written so far (<c>state.json</c> + <c>cursors-&lt;n&gt;.jsonl</c>, spelled out here field by
/// field) still load, in the folders projections and process managers have used: the consumer resumes at their cursors.
/// Only the offsets and hashes come from the real streams, since a cursor must match its stream's line.
/// </summary>
public sealed class ConsumerCheckpointFormatTests
{
    [Fact]
    public async Task A_projection_checkpoint_in_the_existing_format_is_resumed_not_rebuilt()
    {
        using var dir = new TempDirectory();
        StreamCursor second;
        await using (var down = await ProjectionSilo.StartAsync(dir.Path, without: [typeof(TotalsGrain), typeof(TotalsV2Grain), typeof(UnsubscribedGrain)]))
        {
            var account = down.Client.GetGrain<ILedgerAccount>("acc-0");
            await account.Execute(new OpenAccount("golden"), CommandContext.None);
            await account.Execute(new Deposit(5), CommandContext.None);
            await account.Execute(new Deposit(7), CommandContext.None);
            second = Source(down).Read("ledger", "acc-0", StreamCursor.Start).ElementAt(1).After;
        }

        WriteCheckpoint(
            Path.Combine(dir.Path, "projections", "totals"),
            """{"name":"totals","version":1,"cursors_file":"cursors-1.jsonl","cursors_length":LENGTH,"saved_at":1764400000,"state":{"balances":{"acc-0":5},"stock":{},"lastVersion":{"ledger/acc-0":2},"events":2,"duplicates":0,"gaps":0,"correlated":0}}""",
            $$"""{"t":"ledger","i":"acc-0","v":2,"o":{{second.Offset}},"h":"{{second.Hash}}"}""");

        await using var up = await ProjectionSilo.StartAsync(dir.Path);
        await ProjectionCatchUp.CatchUpAllAsync(up.GetSiloServiceProvider());
        var totals = up.Client.GetProjection<ITotals>();
        var state = await totals.Get();
        var status = await totals.GetStatusAsync();

        Assert.Equal((0, (string?)null), (status.Rebuilds, status.LastRebuildReason));
        Assert.Equal(1, status.EventsApplied); // only the deposit after the checkpoint's cursor
        Assert.Equal((3L, 12L, 3L), (state.Events, state.Balances["acc-0"], state.LastVersion["ledger/acc-0"]));
        Assert.Equal((0L, 0L), (state.Duplicates, state.Gaps));
    }

    [Fact]
    public async Task A_process_manager_checkpoint_in_the_existing_format_is_resumed_not_reacted_to_again()
    {
        using var dir = new TempDirectory();
        StreamCursor placed;
        await using (var down = await SagaSilo.StartAsync(dir.Path, silo: s => s.Services.PostConfigure<GrainTypeOptions>(o => o.Classes.Remove(typeof(OrderSagaGrain)))))
        {
            await SagaSilo.PlaceAsync(down.Client, [("o-1", "sku-1", 1)]);
            placed = Source(down).Read("saga-order", "o-1", StreamCursor.Start).Single().After;
        }

        WriteCheckpoint(
            Path.Combine(dir.Path, "process-managers", "order-saga"),
            """{"name":"order-saga","version":1,"cursors_file":"cursors-1.jsonl","cursors_length":LENGTH,"saved_at":1764400000,"state":{"started":1,"reserved":0,"failed":0}}""",
            $$"""{"t":"saga-order","i":"o-1","v":1,"o":{{placed.Offset}},"h":"{{placed.Hash}}"}""");

        await using var up = await SagaSilo.StartAsync(dir.Path);
        var saga = up.Client.GetProcessManager<IOrderSaga>();
        await saga.CatchUpAsync();
        var status = await saga.GetStatusAsync();

        Assert.Equal((0, (string?)null), (status.Rebuilds, status.LastRebuildReason));
        Assert.Equal((0L, 0L, 1), (status.EventsReacted, status.CommandsSent, status.StreamsTracked)); // the placed order was covered
        Assert.Empty(status.Streams);
    }

    private static IStreamSource Source(global::Orleans.TestingHost.InProcessTestCluster cluster) =>
        cluster.GetSiloServiceProvider().GetRequiredService<IStreamSource>();

    private static void WriteCheckpoint(string folder, string stateJson, string cursorLine)
    {
        Directory.CreateDirectory(folder);
        var journal = cursorLine + "\n";
        File.WriteAllText(Path.Combine(folder, "cursors-1.jsonl"), journal);
        File.WriteAllText(Path.Combine(folder, "state.json"), stateJson.Replace("LENGTH", System.Text.Encoding.UTF8.GetByteCount(journal).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
    }
}
