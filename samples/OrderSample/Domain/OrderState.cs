namespace OrderSample.Domain;

/// <summary>An order as the aggregate sees it.</summary>
[GenerateSerializer]
public sealed record OrderState
{
    [Id(0)] public OrderStatus Status { get; init; } = OrderStatus.None;
    [Id(1)] public string? Customer { get; init; }
    [Id(2)] public Dictionary<string, int> Lines { get; init; } = [];
}

public enum OrderStatus
{
    None,
    Placed,
    Shipped,
    Cancelled,
}
