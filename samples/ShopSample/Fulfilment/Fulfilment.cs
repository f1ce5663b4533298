using EventFold.Orleans.Bus;
using EventFold.Orleans.ProcessManagers;
using EventFold.Orleans.Projections;
using ShopSample.Inventory;
using ShopSample.Orders;

namespace ShopSample.Fulfilment;

/// <summary>What the fulfilment saga has done so far (checkpointed as JSON beside its cursors).</summary>
[GenerateSerializer]
public sealed record FulfilmentState
{
    [Id(0)] public int Started { get; init; }
    [Id(1)] public int Confirmed { get; init; }
    [Id(2)] public int Compensated { get; init; }
}

/// <summary>
/// The saga of one order: order placed → reserve the stock → confirm the order; when the stock is short, the reservation
/// fails and the order is cancelled (the compensation). Pure: the runtime delivers the events and sends the commands.
/// </summary>
public sealed class Fulfilment : ProcessManager<FulfilmentState>
{
    public override string Name => "fulfilment";

    public override int Version => 1;

    public override IReadOnlyList<FollowedType> Follows { get; } = [FollowedType.Of<OrderGrain>(), FollowedType.Of<StockGrain>()];

    public override FulfilmentState Initial => new();

    public override Reaction<FulfilmentState> React(FulfilmentState state, ProjectedEvent @event) => @event.Event switch
    {
        OrderPlaced placed => Reaction.Send(
            state with { Started = state.Started + 1 },
            To("stock", placed.Sku, new ReserveStock(@event.AggregateId, placed.Quantity))),
        StockReserved reserved => Reaction.Send(
            state with { Confirmed = state.Confirmed + 1 },
            To("order", reserved.OrderId, new ConfirmOrder())),
        StockReservationFailed failed => Reaction.Send(
            state with { Compensated = state.Compensated + 1 },
            To("order", failed.OrderId, new CancelOrder($"out of stock: {failed.Requested} requested, {failed.Available} available"))),
        _ => Reaction.None(state),
    };

    private static CommandEnvelope To(string aggregateType, string id, object command) =>
        new() { AggregateType = aggregateType, AggregateId = id, Command = command };
}

/// <summary>The fulfilment saga's grain: status and dead letters come from <see cref="IProcessManagerGrain"/>.</summary>
public interface IFulfilment : IProcessManagerGrain;

[ImplicitStreamSubscription("order"), ImplicitStreamSubscription("stock")]
public sealed class FulfilmentGrain : ProcessManagerGrain<Fulfilment, FulfilmentState>, IFulfilment;
