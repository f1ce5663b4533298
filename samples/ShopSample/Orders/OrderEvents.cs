using EventFold.Orleans.Events;

namespace ShopSample.Orders;

/// <summary>What happened to an order; the names in <c>[EventType]</c> are what the files hold.</summary>
[GenerateSerializer]
public abstract record OrderEvent;

[GenerateSerializer, EventType("order-placed")]
public sealed record OrderPlaced([property: Id(0)] string Customer, [property: Id(1)] string Sku, [property: Id(2)] int Quantity) : OrderEvent;

[GenerateSerializer, EventType("order-confirmed")]
public sealed record OrderConfirmed : OrderEvent;

[GenerateSerializer, EventType("order-cancelled")]
public sealed record OrderCancelled([property: Id(0)] string Reason) : OrderEvent;
