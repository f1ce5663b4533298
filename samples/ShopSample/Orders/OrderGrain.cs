using EventFold.Orleans.Aggregates;

namespace ShopSample.Orders;

/// <summary>The app's API to one order.</summary>
public interface IOrderAggregate : IAggregateGrain<OrderState, OrderCommand, OrderEvent>;

/// <summary>Binds the order rules to Orleans; stored under <c>streams/order/</c>.</summary>
[AggregateType("order")]
public sealed class OrderGrain : AggregateGrain<OrderAggregate, OrderState, OrderCommand, OrderEvent>, IOrderAggregate;
