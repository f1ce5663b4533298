namespace ShopSample.Inventory;

/// <summary>One product's stock: units free to reserve, and the orders already served (a reservation is asked once per order).</summary>
[GenerateSerializer]
public sealed record StockState
{
    [Id(0)] public int Available { get; init; }
    [Id(1)] public Dictionary<string, int> Reservations { get; init; } = [];
}
