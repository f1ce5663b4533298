using EventFold.Orleans.Aggregates;
using EventFold.Orleans.Bus;
using EventFold.Orleans.Events;
using EventFold.Orleans.ProcessManagers;
using EventFold.Orleans.Projections;

namespace EventFold.CrashHost;

// The saga crash test's domain (EVENTFOLD_CRASHHOST_SAGAS=1): orders, stock and the saga between them. Confirm and cancel
// are accepted every time they arrive and a reservation always appends one event, so a command applied twice shows in the
// files as an extra event.

[GenerateSerializer, Alias("crash.CrashOrderCommand")]
public abstract record CrashOrderCommand;

[GenerateSerializer, Alias("crash.PlaceCrashOrder")]
public sealed record PlaceCrashOrder([property: Id(0)] string Sku, [property: Id(1)] int Quantity) : CrashOrderCommand;

[GenerateSerializer, Alias("crash.ConfirmCrashOrder")]
public sealed record ConfirmCrashOrder : CrashOrderCommand;

[GenerateSerializer, Alias("crash.CancelCrashOrder")]
public sealed record CancelCrashOrder([property: Id(0)] string Reason) : CrashOrderCommand;

[GenerateSerializer, Alias("crash.CrashOrderEvent")]
public abstract record CrashOrderEvent;

[GenerateSerializer, Alias("crash.CrashOrderPlaced"), EventType("crash-order-placed")]
public sealed record CrashOrderPlaced([property: Id(0)] string Sku, [property: Id(1)] int Quantity) : CrashOrderEvent;

[GenerateSerializer, Alias("crash.CrashOrderConfirmed"), EventType("crash-order-confirmed")]
public sealed record CrashOrderConfirmed : CrashOrderEvent;

[GenerateSerializer, Alias("crash.CrashOrderCancelled"), EventType("crash-order-cancelled")]
public sealed record CrashOrderCancelled([property: Id(0)] string Reason) : CrashOrderEvent;

[GenerateSerializer, Alias("crash.CrashOrderState")]
public sealed record CrashOrderState
{
    [Id(0)] public string? Status { get; init; }
}

public sealed class CrashOrderAggregate : Aggregate<CrashOrderState, CrashOrderCommand, CrashOrderEvent>
{
    public override CrashOrderState Initial => new();

    public override Decision<CrashOrderEvent> Decide(CrashOrderState state, CrashOrderCommand command) => command switch
    {
        PlaceCrashOrder place => Accept(new CrashOrderPlaced(place.Sku, place.Quantity)),
        ConfirmCrashOrder => Accept(new CrashOrderConfirmed()),
        CancelCrashOrder cancel => Accept(new CrashOrderCancelled(cancel.Reason)),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command, "Unknown command."),
    };

    public override CrashOrderState Apply(CrashOrderState state, CrashOrderEvent @event) => @event switch
    {
        CrashOrderPlaced => state with { Status = "placed" },
        CrashOrderConfirmed => state with { Status = "confirmed" },
        CrashOrderCancelled => state with { Status = "cancelled" },
        _ => throw new ArgumentOutOfRangeException(nameof(@event), @event, "Unknown event."),
    };
}

[Alias("crash.ICrashOrder")]
public interface ICrashOrder : IAggregateGrain<CrashOrderState, CrashOrderCommand, CrashOrderEvent>;

[AggregateType("crash-order")]
public sealed class CrashOrderGrain : AggregateGrain<CrashOrderAggregate, CrashOrderState, CrashOrderCommand, CrashOrderEvent>, ICrashOrder;

[GenerateSerializer, Alias("crash.CrashStockCommand")]
public abstract record CrashStockCommand;

[GenerateSerializer, Alias("crash.AddCrashStock")]
public sealed record AddCrashStock([property: Id(0)] int Quantity) : CrashStockCommand;

[GenerateSerializer, Alias("crash.ReserveCrashStock")]
public sealed record ReserveCrashStock([property: Id(0)] string OrderId, [property: Id(1)] int Quantity) : CrashStockCommand;

[GenerateSerializer, Alias("crash.CrashStockEvent")]
public abstract record CrashStockEvent;

[GenerateSerializer, Alias("crash.CrashStockAdded"), EventType("crash-stock-added")]
public sealed record CrashStockAdded([property: Id(0)] int Quantity) : CrashStockEvent;

[GenerateSerializer, Alias("crash.CrashStockReserved"), EventType("crash-stock-reserved")]
public sealed record CrashStockReserved([property: Id(0)] string OrderId, [property: Id(1)] int Quantity) : CrashStockEvent;

[GenerateSerializer, Alias("crash.CrashReservationFailed"), EventType("crash-reservation-failed")]
public sealed record CrashReservationFailed([property: Id(0)] string OrderId) : CrashStockEvent;

[GenerateSerializer, Alias("crash.CrashStockState")]
public sealed record CrashStockState
{
    [Id(0)] public int Available { get; init; }
}

public sealed class CrashStockAggregate : Aggregate<CrashStockState, CrashStockCommand, CrashStockEvent>
{
    public override CrashStockState Initial => new();

    public override Decision<CrashStockEvent> Decide(CrashStockState state, CrashStockCommand command) => command switch
    {
        AddCrashStock add => Accept(new CrashStockAdded(add.Quantity)),
        ReserveCrashStock reserve when reserve.Quantity <= state.Available => Accept(new CrashStockReserved(reserve.OrderId, reserve.Quantity)),
        ReserveCrashStock reserve => Accept(new CrashReservationFailed(reserve.OrderId)),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command, "Unknown command."),
    };

    public override CrashStockState Apply(CrashStockState state, CrashStockEvent @event) => @event switch
    {
        CrashStockAdded added => state with { Available = state.Available + added.Quantity },
        CrashStockReserved reserved => state with { Available = state.Available - reserved.Quantity },
        CrashReservationFailed => state,
        _ => throw new ArgumentOutOfRangeException(nameof(@event), @event, "Unknown event."),
    };
}

[Alias("crash.ICrashStock")]
public interface ICrashStock : IAggregateGrain<CrashStockState, CrashStockCommand, CrashStockEvent>;

[AggregateType("crash-stock")]
public sealed class CrashStockGrain : AggregateGrain<CrashStockAggregate, CrashStockState, CrashStockCommand, CrashStockEvent>, ICrashStock;

/// <summary>Order placed -> reserve; reserved -> confirm; reservation failed -> cancel.</summary>
public sealed class CrashSaga : ProcessManager<long>
{
    public override string Name => "crash-saga";

    public override int Version => 1;

    public override IReadOnlyList<FollowedType> Follows { get; } = [FollowedType.Of<CrashOrderGrain>(), FollowedType.Of<CrashStockGrain>()];

    public override long Initial => 0;

    // Small, so checkpoints happen between kills.
    public override int CheckpointEveryEvents => 50;

    public override Reaction<long> React(long state, ProjectedEvent @event) => @event.Event switch
    {
        CrashOrderPlaced placed => Reaction.Send(state + 1, new CommandEnvelope
        {
            AggregateType = "crash-stock", AggregateId = placed.Sku, Command = new ReserveCrashStock(@event.AggregateId, placed.Quantity),
        }),
        CrashStockReserved reserved => Reaction.Send(state + 1, new CommandEnvelope
        {
            AggregateType = "crash-order", AggregateId = reserved.OrderId, Command = new ConfirmCrashOrder(),
        }),
        CrashReservationFailed failed => Reaction.Send(state + 1, new CommandEnvelope
        {
            AggregateType = "crash-order", AggregateId = failed.OrderId, Command = new CancelCrashOrder("out-of-stock"),
        }),
        _ => Reaction.None(state + 1),
    };
}

[Alias("crash.ICrashSaga")]
public interface ICrashSaga : IProcessManagerGrain;

[ImplicitStreamSubscription("crash-order"), ImplicitStreamSubscription("crash-stock")]
public sealed class CrashSagaGrain : ProcessManagerGrain<CrashSaga, long>, ICrashSaga;
