using System.Globalization;
using System.Text.Json;
using EventFold.Orleans.Commands;
using EventFold.Orleans.ProcessManagers;
using EventFold.Orleans.Tests.ProcessManagers.Domain;
using EventFold.Orleans.Tests.Support;
using Xunit;

namespace EventFold.Orleans.Tests.ProcessManagers;

/// <summary>The order saga end to end on a real silo and real files: the happy path, the compensation, and a stop and restart in the middle of many sagas.</summary>
public sealed class SagaTests
{
    [Fact]
    public async Task Orders_with_stock_are_confirmed_and_orders_without_are_cancelled_with_deterministic_ids_and_the_correlation_carried()
    {
        using var dir = new TempDirectory();
        await using var cluster = await SagaSilo.StartAsync(dir.Path);
        var grains = cluster.Client;
        await grains.GetGrain<ISagaInventory>("sku-a").Execute(new AddSagaStock(2), CommandContext.None);
        await SagaSilo.PlaceAsync(grains, [("o-1", "sku-a", 1), ("o-2", "sku-a", 1), ("o-3", "sku-b", 1)]);

        Assert.Equal(3, await SagaSilo.WaitFinishedAsync(grains, ["o-1", "o-2", "o-3"]));
        Assert.Equal("confirmed", (await grains.GetGrain<ISagaOrder>("o-1").GetState()).Status);
        Assert.Equal("confirmed", (await grains.GetGrain<ISagaOrder>("o-2").GetState()).Status);
        Assert.Equal("cancelled", (await grains.GetGrain<ISagaOrder>("o-3").GetState()).Status);
        Assert.Equal(new SagaInventoryState { Available = 0, Reservations = 2 }, await grains.GetGrain<ISagaInventory>("sku-a").GetState());
        Assert.Equal(new SagaInventoryState { Failures = 1 }, await grains.GetGrain<ISagaInventory>("sku-b").GetState());

        // The reservation's command id names the manager and the order's first event; the order's outcome names the stock event.
        Assert.Equal(["pm/order-saga/saga-order/1/0/o-3"], SagaSilo.CommandIds(dir.Path, "saga-stock", "sku-b"));
        Assert.Equal(["place-o-3", "pm/order-saga/saga-stock/1/0/sku-b"], SagaSilo.CommandIds(dir.Path, "saga-order", "o-3"));
        var cancelled = SagaSilo.Events(dir.Path, "saga-order", "o-3")[1];
        var meta = JsonDocument.Parse(cancelled.Meta!.Value).RootElement;
        Assert.Equal("corr-o-3", meta.GetProperty(MetaKeys.CorrelationId).GetString());
        Assert.Equal(SagaSilo.Events(dir.Path, "saga-stock", "sku-b")[0].Id, meta.GetProperty(MetaKeys.CausationId).GetString());
        Assert.Equal("process-manager/order-saga", cancelled.Actor);

        var saga = grains.GetProcessManager<IOrderSaga>();
        await saga.CatchUpAsync();
        var status = await saga.GetStatusAsync();
        Assert.Equal((6, 6, 0, 0, 0), (status.CommandsSent, status.CommandsSucceeded, status.CommandsDeadLettered, status.InFlight, status.DeadLetters));
        Assert.Empty(status.Streams);
    }

    [Fact]
    public async Task A_silo_stopped_in_the_middle_of_200_sagas_completes_every_one_after_a_restart_applying_no_command_twice()
    {
        using var dir = new TempDirectory();
        const int Orders = 200;
        var skus = Enumerable.Range(0, 5).Select(i => $"sku-{i}").ToArray();
        var orders = Enumerable.Range(0, Orders).Select(i => (Order: string.Create(CultureInfo.InvariantCulture, $"order-{i:D3}"), Sku: skus[i % skus.Length], Quantity: 1 + (i % 3))).ToList();
        var ids = orders.Select(o => o.Order).ToList();
        int finishedAtStop;
        await using (var first = await SagaSilo.StartAsync(dir.Path, managers => managers.MaxInFlight = 4))
        {
            // 60 units per SKU for about 80 units asked of each: most orders are confirmed, the rest cancelled.
            await Task.WhenAll(skus.Select(s => first.Client.GetGrain<ISagaInventory>(s).Execute(new AddSagaStock(60), CommandContext.None)));
            await SagaSilo.PlaceAsync(first.Client, orders);
            while ((finishedAtStop = await SagaSilo.FinishedAsync(first.Client, ids)) < 20)
            {
                await Task.Delay(10);
            }
        }

        Assert.True(finishedAtStop < Orders, $"all {Orders} sagas finished before the stop; the test did not stop in the middle");

        await using var again = await SagaSilo.StartAsync(dir.Path);
        var finished = await SagaSilo.WaitFinishedAsync(again.Client, ids);
        if (finished != Orders)
        {
            var status = await again.Client.GetProcessManager<IOrderSaga>().GetStatusAsync();
            var unfinished = new List<string>();
            foreach (var o in orders)
            {
                var st = await again.Client.GetGrain<ISagaOrder>(o.Order).GetState();
                if (st.Status is not ("confirmed" or "cancelled"))
                {
                    unfinished.Add($"{o.Order} {o.Sku} {st.Status} stock-ids: {string.Join(",", SagaSilo.CommandIds(dir.Path, "saga-stock", o.Sku).Where(c => c is not null && c.EndsWith(o.Order, StringComparison.Ordinal)))}");
                }
            }

            var letters = await again.Client.GetProcessManager<IOrderSaga>().GetDeadLettersAsync();
            Assert.Fail($"{finished} of {Orders} finished (at stop {finishedAtStop}); letters {JsonSerializer.Serialize(letters)}; status {JsonSerializer.Serialize(status)}; unfinished: {string.Join(" | ", unfinished)}");
        }

        // Every saga step was applied exactly once: one outcome per order, one reservation event per order.
        foreach (var (order, sku, _) in orders)
        {
            var events = SagaSilo.Events(dir.Path, "saga-order", order);
            Assert.Equal(2, events.Count);
            Assert.Equal(1, (await again.Client.GetGrain<ISagaOrder>(order).GetState()).Outcomes);
        }

        var reserved = 0;
        foreach (var sku in skus)
        {
            var commandIds = SagaSilo.CommandIds(dir.Path, "saga-stock", sku).Skip(1).ToList(); // after the stock was added
            Assert.Equal(commandIds.Count, commandIds.Distinct().Count());
            Assert.Equal(orders.Where(o => o.Sku == sku).Select(o => $"pm/order-saga/saga-order/1/0/{o.Order}").Order(), commandIds.Order());
            var state = await again.Client.GetGrain<ISagaInventory>(sku).GetState();
            Assert.Equal(orders.Count(o => o.Sku == sku), state.Reservations + state.Failures);
            Assert.True(state.Available >= 0);
            reserved += state.Reservations;
        }

        var confirmed = 0;
        foreach (var order in ids)
        {
            confirmed += (await again.Client.GetGrain<ISagaOrder>(order).GetState()).Status == "confirmed" ? 1 : 0;
        }

        Assert.Equal(reserved, confirmed);
        Assert.InRange(confirmed, 1, Orders - 1); // both paths were taken
        Assert.Equal(0, (await again.Client.GetProcessManager<IOrderSaga>().GetStatusAsync()).DeadLetters);
    }
}
