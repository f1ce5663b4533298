using EventFold.Orleans.Aggregates;
using EventFold.Orleans.Events;

namespace EventFold.Orleans.Tests.ProcessManagers.Domain;

/// <summary>The order of the saga tests. Confirm and cancel are accepted every time they arrive, so a command applied twice shows as a third event.</summary>
public sealed class SagaOrderAggregate : Aggregate<SagaOrderState, SagaOrderCommand, SagaOrderEvent>
{
    public override SagaOrderState Initial => new();

    public override Decision<SagaOrderEvent> Decide(SagaOrderState state, SagaOrderCommand command) => command switch
    {
        PlaceSagaOrder place when state.Status is not null => Reject("order.exists", $"The order is already {state.Status}."),
        PlaceSagaOrder place => Accept(new SagaOrderPlaced(place.Sku, place.Quantity)),
        ConfirmSagaOrder => Accept(new SagaOrderConfirmed()),
        CancelSagaOrder cancel => Accept(new SagaOrderCancelled(cancel.Reason)),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command, "Unknown command."),
    };

    public override SagaOrderState Apply(SagaOrderState state, SagaOrderEvent @event) => @event switch
    {
        SagaOrderPlaced => state with { Status = "placed" },
        SagaOrderConfirmed => state with { Status = "confirmed", Outcomes = state.Outcomes + 1 },
        SagaOrderCancelled => state with { Status = "cancelled", Outcomes = state.Outcomes + 1 },
        _ => throw new ArgumentOutOfRangeException(nameof(@event), @event, "Unknown event."),
    };
}

[GenerateSerializer]
public sealed record SagaOrderState
{
    [Id(0)] public string? Status { get; init; }

    /// <summary>Confirmations plus cancellations: 1 when every saga step was applied once.</summary>
    [Id(1)] public int Outcomes { get; init; }
}

[GenerateSerializer]
public abstract record SagaOrderCommand;

[GenerateSerializer]
public sealed record PlaceSagaOrder([property: Id(0)] string Sku, [property: Id(1)] int Quantity) : SagaOrderCommand;

[GenerateSerializer]
public sealed record ConfirmSagaOrder : SagaOrderCommand;

[GenerateSerializer]
public sealed record CancelSagaOrder([property: Id(0)] string Reason) : SagaOrderCommand;

[GenerateSerializer]
public abstract record SagaOrderEvent;

[GenerateSerializer, EventType("saga-order-placed")]
public sealed record SagaOrderPlaced([property: Id(0)] string Sku, [property: Id(1)] int Quantity) : SagaOrderEvent;

[GenerateSerializer, EventType("saga-order-confirmed")]
public sealed record SagaOrderConfirmed : SagaOrderEvent;

[GenerateSerializer, EventType("saga-order-cancelled")]
public sealed record SagaOrderCancelled([property: Id(0)] string Reason) : SagaOrderEvent;

public interface ISagaOrder : IAggregateGrain<SagaOrderState, SagaOrderCommand, SagaOrderEvent>;

[AggregateType("saga-order")]
public sealed class SagaOrderGrain : AggregateGrain<SagaOrderAggregate, SagaOrderState, SagaOrderCommand, SagaOrderEvent>, ISagaOrder;
