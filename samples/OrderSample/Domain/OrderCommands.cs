namespace OrderSample.Domain;

[GenerateSerializer]
public abstract record OrderCommand;

[GenerateSerializer]
public sealed record PlaceOrder([property: Id(0)] string Customer) : OrderCommand;

[GenerateSerializer]
public sealed record AddLine([property: Id(0)] string Sku, [property: Id(1)] int Quantity) : OrderCommand;

[GenerateSerializer]
public sealed record ShipOrder : OrderCommand;
