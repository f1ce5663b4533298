namespace ShopSample.Orders;

/// <summary>An order as its aggregate sees it.</summary>
[GenerateSerializer, Immutable]
public sealed record OrderState
{
    [Id(0)] public OrderStatus Status { get; init; }
    [Id(1)] public string? Customer { get; init; }
    [Id(2)] public string? Sku { get; init; }
    [Id(3)] public int Quantity { get; init; }
    [Id(4)] public string? CancelReason { get; init; }
}

/// <summary>Where an order is in its life.</summary>
public enum OrderStatus
{
    None,
    Placed,
    Confirmed,
    Cancelled,
}
