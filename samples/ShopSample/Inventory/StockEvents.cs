using EventFold.Orleans.Events;

namespace ShopSample.Inventory;

/// <summary>What happened to one product's stock.</summary>
[GenerateSerializer]
public abstract record StockEvent;

[GenerateSerializer, EventType("stock-restocked")]
public sealed record Restocked([property: Id(0)] int Quantity) : StockEvent;

[GenerateSerializer, EventType("stock-reserved")]
public sealed record StockReserved([property: Id(0)] string OrderId, [property: Id(1)] int Quantity) : StockEvent;

[GenerateSerializer, EventType("stock-reservation-failed")]
public sealed record StockReservationFailed([property: Id(0)] string OrderId, [property: Id(1)] int Requested, [property: Id(2)] int Available) : StockEvent;
