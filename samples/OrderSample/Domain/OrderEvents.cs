using EventFold.Orleans.Events;

namespace OrderSample.Domain;

[GenerateSerializer]
public abstract record OrderEvent;

[GenerateSerializer, EventType("order-placed")]
public sealed record OrderPlaced([property: Id(0)] string Customer) : OrderEvent;

[GenerateSerializer, EventType("line-added")]
public sealed record LineAdded([property: Id(0)] string Sku, [property: Id(1)] int Quantity) : OrderEvent;

[GenerateSerializer, EventType("order-shipped")]
public sealed record OrderShipped : OrderEvent;
