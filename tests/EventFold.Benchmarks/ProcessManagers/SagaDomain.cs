using EventFold.Orleans.Aggregates;
using EventFold.Orleans.Bus;
using EventFold.Orleans.Events;
using EventFold.Orleans.ProcessManagers;
using EventFold.Orleans.Projections;

namespace EventFold.Benchmarks.ProcessManagers;

// The saga benchmark's domain: order placed -> reserve stock -> confirm the order.

[GenerateSerializer]
public abstract record BenchOrderCommand;

[GenerateSerializer]
public sealed record PlaceBenchOrder([property: Id(0)] string Sku) : BenchOrderCommand;

[GenerateSerializer]
public sealed record ConfirmBenchOrder : BenchOrderCommand;

[GenerateSerializer]
public abstract record BenchOrderEvent;

[GenerateSerializer, EventType("bench-order-placed")]
public sealed record BenchOrderPlaced([property: Id(0)] string Sku) : BenchOrderEvent;

[GenerateSerializer, EventType("bench-order-confirmed")]
public sealed record BenchOrderConfirmed : BenchOrderEvent;

public sealed class BenchOrderAggregate : Aggregate<int, BenchOrderCommand, BenchOrderEvent>
{
    public override int Initial => 0;

    public override Decision<BenchOrderEvent> Decide(int state, BenchOrderCommand command) => command switch
    {
        PlaceBenchOrder place => Accept(new BenchOrderPlaced(place.Sku)),
        _ => Accept(new BenchOrderConfirmed()),
    };

    public override int Apply(int state, BenchOrderEvent @event) => state + 1;
}

public interface IBenchOrder : IAggregateGrain<int, BenchOrderCommand, BenchOrderEvent>;

[AggregateType("bench-order")]
public sealed class BenchOrderGrain : AggregateGrain<BenchOrderAggregate, int, BenchOrderCommand, BenchOrderEvent>, IBenchOrder;

[GenerateSerializer]
public abstract record BenchStockCommand;

[GenerateSerializer]
public sealed record ReserveBenchStock([property: Id(0)] string OrderId) : BenchStockCommand;

[GenerateSerializer]
public abstract record BenchStockEvent;

[GenerateSerializer, EventType("bench-stock-reserved")]
public sealed record BenchStockReserved([property: Id(0)] string OrderId) : BenchStockEvent;

public sealed class BenchStockAggregate : Aggregate<long, BenchStockCommand, BenchStockEvent>
{
    public override long Initial => 0;

    public override Decision<BenchStockEvent> Decide(long state, BenchStockCommand command) =>
        Accept(new BenchStockReserved(((ReserveBenchStock)command).OrderId));

    public override long Apply(long state, BenchStockEvent @event) => state + 1;
}

public interface IBenchStock : IAggregateGrain<long, BenchStockCommand, BenchStockEvent>;

[AggregateType("bench-stock")]
public sealed class BenchStockGrain : AggregateGrain<BenchStockAggregate, long, BenchStockCommand, BenchStockEvent>, IBenchStock;

public sealed class BenchSaga : ProcessManager<long>
{
    public override string Name => "bench-saga";

    public override int Version => 1;

    public override IReadOnlyList<FollowedType> Follows { get; } = [FollowedType.Of<BenchOrderGrain>(), FollowedType.Of<BenchStockGrain>()];

    public override long Initial => 0;

    public override Reaction<long> React(long state, ProjectedEvent @event) => @event.Event switch
    {
        BenchOrderPlaced placed => Reaction.Send(state, new CommandEnvelope { AggregateType = "bench-stock", AggregateId = placed.Sku, Command = new ReserveBenchStock(@event.AggregateId) }),
        BenchStockReserved reserved => Reaction.Send(state + 1, new CommandEnvelope { AggregateType = "bench-order", AggregateId = reserved.OrderId, Command = new ConfirmBenchOrder() }),
        _ => Reaction.None(state),
    };
}

public interface IBenchSaga : IProcessManagerGrain;

[ImplicitStreamSubscription("bench-order"), ImplicitStreamSubscription("bench-stock")]
public sealed class BenchSagaGrain : ProcessManagerGrain<BenchSaga, long>, IBenchSaga;
