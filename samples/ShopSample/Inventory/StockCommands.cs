using EventFold.Orleans.Commands;

namespace ShopSample.Inventory;

/// <summary>What can be asked of one product's stock.</summary>
[GenerateSerializer]
public abstract record StockCommand;

/// <summary>Units arrive.</summary>
[GenerateSerializer, CommandType("restock")]
public sealed record Restock([property: Id(0)] int Quantity) : StockCommand;

/// <summary>Set units aside for an order; when there are too few, the failure is recorded as an event (the saga reacts to it).</summary>
[GenerateSerializer, CommandType("reserve-stock")]
public sealed record ReserveStock([property: Id(0)] string OrderId, [property: Id(1)] int Quantity) : StockCommand;
