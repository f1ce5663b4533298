using EventFold.Orleans.Aggregates;

namespace ShopSample.Orders;

/// <summary>The order rules: pure functions, no Orleans, no files.</summary>
public sealed class OrderAggregate : Aggregate<OrderState, OrderCommand, OrderEvent>
{
    public override OrderState Initial => new();

    public override Decision<OrderEvent> Decide(OrderState state, OrderCommand command) => command switch
    {
        PlaceOrder when state.Status != OrderStatus.None => Reject("order.exists", "The order was already placed."),
        PlaceOrder { Quantity: <= 0 } => Reject("order.bad-quantity", "The quantity must be positive."),
        PlaceOrder place => Accept(new OrderPlaced(place.Customer, place.Sku, place.Quantity)),
        _ when state.Status == OrderStatus.None => Reject("order.missing", "Place the order first."),
        ConfirmOrder when state.Status == OrderStatus.Confirmed => Accept(),
        CancelOrder when state.Status == OrderStatus.Cancelled => Accept(),
        _ when state.Status != OrderStatus.Placed => Reject("order.closed", $"The order is already {state.Status}."),
        ConfirmOrder => Accept(new OrderConfirmed()),
        CancelOrder cancel => Accept(new OrderCancelled(cancel.Reason)),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command, "Unknown command."),
    };

    public override OrderState Apply(OrderState state, OrderEvent @event) => @event switch
    {
        OrderPlaced placed => state with { Status = OrderStatus.Placed, Customer = placed.Customer, Sku = placed.Sku, Quantity = placed.Quantity },
        OrderConfirmed => state with { Status = OrderStatus.Confirmed },
        OrderCancelled cancelled => state with { Status = OrderStatus.Cancelled, CancelReason = cancelled.Reason },
        _ => throw new ArgumentOutOfRangeException(nameof(@event), @event, "Unknown event."),
    };
}
