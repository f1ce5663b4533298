using EventFold;
using EventFold.Orleans.ProcessManagers;
using EventFold.Orleans.Projections;
using EventFold.Orleans.Testing;
using ShopSample.Fulfilment;
using ShopSample.Orders;
using ShopSample.ReadModels;

namespace ShopSample.Tests;

/// <summary>The sample's scripted run and client mode against a real silo and real files, so the sample cannot rot.</summary>
public sealed class ShopScenarioTests
{
    [Fact]
    public async Task The_saga_confirms_what_the_stock_allows_and_cancels_the_rest_and_a_second_run_continues()
    {
        await using var cluster = await EventFoldTestCluster.StartAsync();
        var output = new StringWriter();

        var first = await new ShopScenario(cluster.Grains, cluster.Store.StreamDirectory, output).RunAsync();
        Assert.Equal(
            [("ord-1-1", OrderStatus.Confirmed), ("ord-1-2", OrderStatus.Cancelled), ("ord-1-3", OrderStatus.Confirmed)],
            first.Select(o => (o.OrderId, o.State.Status)));
        Assert.StartsWith("out of stock", first[1].State.CancelReason);

        await cluster.RestartAsync();
        var second = await new ShopScenario(cluster.Grains, cluster.Store.StreamDirectory, output).RunAsync();
        Assert.Equal(["ord-2-1", "ord-2-2", "ord-2-3"], second.Select(o => o.OrderId));
        Assert.Equal([OrderStatus.Confirmed, OrderStatus.Cancelled, OrderStatus.Confirmed], second.Select(o => o.State.Status));

        // Exactly once in effect: every order was reserved (or refused) once, whatever the saga's restarts.
        var book = new EventReader(cluster.Store.StreamDirectory("stock", "book")).ReadFull().Select(r => r.Event.Type).ToList();
        Assert.Equal(["stock-restocked", "stock-reserved", "stock-reserved", "stock-restocked", "stock-reserved", "stock-reserved"], book);
        var lamp = new EventReader(cluster.Store.StreamDirectory("stock", "lamp")).ReadFull().Select(r => r.Event.Type).ToList();
        Assert.Equal(["stock-restocked", "stock-reservation-failed", "stock-restocked", "stock-reservation-failed"], lamp);

        await cluster.WaitForProjectionsAsync();
        var summary = await cluster.Grains.GetProjection<IShopSummary>().Get();
        Assert.Equal((6, 4, 2), (summary.Placed, summary.Confirmed, summary.Cancelled));
        Assert.Equal(0, summary.FreeStock["book"]);
        Assert.Equal(2, summary.FreeStock["lamp"]);
        Assert.Empty(await cluster.Grains.GetProcessManager<IFulfilment>().GetDeadLettersAsync());

        var printed = output.ToString();
        Assert.Contains("order-cancelled", printed);
        Assert.Contains("shop-summary   placed 6, confirmed 4, cancelled 2", printed);
    }

    [Fact]
    public async Task The_client_mode_places_an_order_as_JSON_through_the_gateway_and_the_saga_confirms_it()
    {
        await using var cluster = await EventFoldTestCluster.StartAsync();
        await new ShopScenario(cluster.Grains, null, TextWriter.Null).RunAsync(); // stock for the client's order

        var output = new StringWriter();
        var outcome = await ShopClient.RunAsync(cluster.Client, output);

        Assert.True(outcome.Succeeded, outcome.Error?.Message);
        Assert.Equal(1, outcome.EventCount);
        var listing = await cluster.Grains.GetProjection<IOrderListing>().Get();
        var placed = Assert.Single(listing.Orders, o => o.Customer == "Margaret");
        Assert.Contains(placed.OrderId, output.ToString());
    }
}
