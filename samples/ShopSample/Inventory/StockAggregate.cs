using EventFold.Orleans.Aggregates;

namespace ShopSample.Inventory;

/// <summary>The stock rules of one product (the aggregate id is the SKU).</summary>
public sealed class StockAggregate : Aggregate<StockState, StockCommand, StockEvent>
{
    public override StockState Initial => new();

    public override Decision<StockEvent> Decide(StockState state, StockCommand command) => command switch
    {
        Restock { Quantity: <= 0 } => Reject("stock.bad-quantity", "Restock a positive quantity."),
        Restock restock => Accept(new Restocked(restock.Quantity)),
        ReserveStock { Quantity: <= 0 } => Reject("stock.bad-quantity", "Reserve a positive quantity."),
        ReserveStock reserve when state.Reservations.ContainsKey(reserve.OrderId) => Accept(),
        ReserveStock reserve when reserve.Quantity > state.Available =>
            Accept(new StockReservationFailed(reserve.OrderId, reserve.Quantity, state.Available)),
        ReserveStock reserve => Accept(new StockReserved(reserve.OrderId, reserve.Quantity)),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command, "Unknown command."),
    };

    public override StockState Apply(StockState state, StockEvent @event) => @event switch
    {
        Restocked restocked => state with { Available = state.Available + restocked.Quantity },
        StockReserved reserved => state with
        {
            Available = state.Available - reserved.Quantity,
            Reservations = new(state.Reservations) { [reserved.OrderId] = reserved.Quantity },
        },
        StockReservationFailed failed => state with { Reservations = new(state.Reservations) { [failed.OrderId] = 0 } },
        _ => throw new ArgumentOutOfRangeException(nameof(@event), @event, "Unknown event."),
    };
}
