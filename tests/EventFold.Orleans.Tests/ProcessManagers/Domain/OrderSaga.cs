using EventFold.Orleans.Bus;
using EventFold.Orleans.ProcessManagers;
using EventFold.Orleans.Projections;

namespace EventFold.Orleans.Tests.ProcessManagers.Domain;

/// <summary>Order placed -> reserve stock; stock reserved -> confirm the order; reservation failed -> cancel it (compensation).</summary>
public sealed class OrderSaga : ProcessManager<OrderSagaState>
{
    public override string Name => "order-saga";

    public override int Version => 1;

    public override IReadOnlyList<FollowedType> Follows { get; } = [FollowedType.Of<SagaOrderGrain>(), FollowedType.Of<SagaInventoryGrain>()];

    public override OrderSagaState Initial => new();

    public override Reaction<OrderSagaState> React(OrderSagaState state, ProjectedEvent @event) => @event.Event switch
    {
        SagaOrderPlaced placed => Reaction.Send(state with { Started = state.Started + 1 }, new CommandEnvelope
        {
            AggregateType = "saga-stock",
            AggregateId = placed.Sku,
            Command = new ReserveSagaStock(@event.AggregateId, placed.Quantity),
        }),
        SagaStockReserved reserved => Reaction.Send(state with { Reserved = state.Reserved + 1 }, new CommandEnvelope
        {
            AggregateType = "saga-order",
            AggregateId = reserved.OrderId,
            Command = new ConfirmSagaOrder(),
        }),
        SagaReservationFailed failed => Reaction.Send(state with { Failed = state.Failed + 1 }, new CommandEnvelope
        {
            AggregateType = "saga-order",
            AggregateId = failed.OrderId,
            Command = new CancelSagaOrder(failed.Reason),
        }),
        _ => Reaction.None(state),
    };
}

[GenerateSerializer]
public sealed record OrderSagaState
{
    [Id(0)] public long Started { get; init; }

    [Id(1)] public long Reserved { get; init; }

    [Id(2)] public long Failed { get; init; }
}

public interface IOrderSaga : IProcessManagerGrain;

[ImplicitStreamSubscription("saga-order"), ImplicitStreamSubscription("saga-stock")]
public sealed class OrderSagaGrain : ProcessManagerGrain<OrderSaga, OrderSagaState>, IOrderSaga;
