using EventFold.Orleans.Aggregates;
using EventFold.Orleans.Events;

namespace EventFold.Orleans.Tests.ProcessManagers.Domain;

/// <summary>
/// The stock of one SKU. A reservation is always accepted: short stock is recorded as a failure event (the saga's
/// compensation trigger), so every reservation that reached the aggregate shows as exactly one event.
/// </summary>
public sealed class SagaInventoryAggregate : Aggregate<SagaInventoryState, SagaInventoryCommand, SagaInventoryEvent>
{
    public override SagaInventoryState Initial => new();

    public override Decision<SagaInventoryEvent> Decide(SagaInventoryState state, SagaInventoryCommand command) => command switch
    {
        AddSagaStock add => Accept(new SagaStockAdded(add.Quantity)),
        ReserveSagaStock reserve when reserve.Quantity <= state.Available => Accept(new SagaStockReserved(reserve.OrderId, reserve.Quantity)),
        ReserveSagaStock reserve => Accept(new SagaReservationFailed(reserve.OrderId, reserve.Quantity, "out-of-stock")),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command, "Unknown command."),
    };

    public override SagaInventoryState Apply(SagaInventoryState state, SagaInventoryEvent @event) => @event switch
    {
        SagaStockAdded added => state with { Available = state.Available + added.Quantity },
        SagaStockReserved reserved => state with { Available = state.Available - reserved.Quantity, Reservations = state.Reservations + 1 },
        SagaReservationFailed => state with { Failures = state.Failures + 1 },
        _ => throw new ArgumentOutOfRangeException(nameof(@event), @event, "Unknown event."),
    };
}

[GenerateSerializer]
public sealed record SagaInventoryState
{
    [Id(0)] public int Available { get; init; }

    [Id(1)] public int Reservations { get; init; }

    [Id(2)] public int Failures { get; init; }
}

[GenerateSerializer]
public abstract record SagaInventoryCommand;

[GenerateSerializer]
public sealed record AddSagaStock([property: Id(0)] int Quantity) : SagaInventoryCommand;

[GenerateSerializer]
public sealed record ReserveSagaStock([property: Id(0)] string OrderId, [property: Id(1)] int Quantity) : SagaInventoryCommand;

[GenerateSerializer]
public abstract record SagaInventoryEvent;

[GenerateSerializer, EventType("saga-stock-added")]
public sealed record SagaStockAdded([property: Id(0)] int Quantity) : SagaInventoryEvent;

[GenerateSerializer, EventType("saga-stock-reserved")]
public sealed record SagaStockReserved([property: Id(0)] string OrderId, [property: Id(1)] int Quantity) : SagaInventoryEvent;

[GenerateSerializer, EventType("saga-reservation-failed")]
public sealed record SagaReservationFailed([property: Id(0)] string OrderId, [property: Id(1)] int Quantity, [property: Id(2)] string Reason) : SagaInventoryEvent;

public interface ISagaInventory : IAggregateGrain<SagaInventoryState, SagaInventoryCommand, SagaInventoryEvent>;

[AggregateType("saga-stock")]
public sealed class SagaInventoryGrain : AggregateGrain<SagaInventoryAggregate, SagaInventoryState, SagaInventoryCommand, SagaInventoryEvent>, ISagaInventory;
