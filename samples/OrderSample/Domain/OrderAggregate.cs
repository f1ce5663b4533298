using EventFold.Orleans.Aggregates;

namespace OrderSample.Domain;

/// <summary>The order rules: pure functions, no Orleans, no files.</summary>
public sealed class OrderAggregate : Aggregate<OrderState, OrderCommand, OrderEvent>
{
    public override OrderState Initial => new();

    public override Decision<OrderEvent> Decide(OrderState state, OrderCommand command) => command switch
    {
        PlaceOrder when state.Status != OrderStatus.None => Reject("order.exists", "The order was already placed."),
        PlaceOrder place => Accept(new OrderPlaced(place.Customer)),
        _ when state.Status == OrderStatus.None => Reject("order.missing", "Place the order first."),
        AddLine when state.Status != OrderStatus.Placed => Reject("order.closed", $"The order is {state.Status}."),
        AddLine { Quantity: <= 0 } => Reject("order.bad-quantity", "Quantities must be positive."),
        AddLine line => Accept(new LineAdded(line.Sku, line.Quantity)),
        ShipOrder when state.Status != OrderStatus.Placed => Reject("order.closed", $"The order is {state.Status}."),
        ShipOrder when state.Lines.Count == 0 => Reject("order.empty", "An empty order cannot ship."),
        ShipOrder => Accept(new OrderShipped()),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command, "Unknown command."),
    };

    public override OrderState Apply(OrderState state, OrderEvent @event) => @event switch
    {
        OrderPlaced placed => state with { Status = OrderStatus.Placed, Customer = placed.Customer },
        LineAdded line => state with { Lines = new(state.Lines) { [line.Sku] = state.Lines.GetValueOrDefault(line.Sku) + line.Quantity } },
        OrderShipped => state with { Status = OrderStatus.Shipped },
        _ => throw new ArgumentOutOfRangeException(nameof(@event), @event, "Unknown event."),
    };
}
