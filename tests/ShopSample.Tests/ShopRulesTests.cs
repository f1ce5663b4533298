using EventFold.Orleans.Testing;
using ShopSample.Inventory;
using ShopSample.Orders;

namespace ShopSample.Tests;

/// <summary>The sample's rules, given/when/then with the testing kit: no Orleans, no files.</summary>
public sealed class ShopRulesTests
{
    [Fact]
    public void A_reservation_within_the_stock_is_made() =>
        Spec.For(new StockAggregate()).Given(new Restocked(2)).When(new ReserveStock("ord-1", 2)).Then(new StockReserved("ord-1", 2));

    [Fact]
    public void A_reservation_beyond_the_stock_is_recorded_as_failed_so_the_saga_can_compensate() =>
        Spec.For(new StockAggregate()).Given(new Restocked(1)).When(new ReserveStock("ord-1", 5)).Then(new StockReservationFailed("ord-1", 5, 1));

    [Fact]
    public void A_reservation_asked_again_for_the_same_order_changes_nothing() =>
        Spec.For(new StockAggregate()).Given(new Restocked(3), new StockReserved("ord-1", 2)).When(new ReserveStock("ord-1", 2)).Then();

    [Fact]
    public void A_cancelled_order_cannot_be_confirmed() =>
        Spec.For(new OrderAggregate()).Given(new OrderPlaced("Ada", "book", 1), new OrderCancelled("out of stock")).When(new ConfirmOrder()).ThenRejected("order.closed");

    [Fact]
    public void A_placed_order_is_confirmed() =>
        Spec.For(new OrderAggregate()).Given(new OrderPlaced("Ada", "book", 1)).When(new ConfirmOrder()).Then(new OrderConfirmed());
}
