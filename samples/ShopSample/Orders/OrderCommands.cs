using EventFold.Orleans.Commands;

namespace ShopSample.Orders;

/// <summary>What can be asked of an order.</summary>
[GenerateSerializer]
public abstract record OrderCommand;

/// <summary>A customer orders a quantity of one product.</summary>
[GenerateSerializer, CommandType("place-order")]
public sealed record PlaceOrder([property: Id(0)] string Customer, [property: Id(1)] string Sku, [property: Id(2)] int Quantity) : OrderCommand;

/// <summary>The stock is reserved: the order goes ahead.</summary>
[GenerateSerializer, CommandType("confirm-order")]
public sealed record ConfirmOrder : OrderCommand;

/// <summary>The order cannot be served (the compensation of a failed reservation).</summary>
[GenerateSerializer, CommandType("cancel-order")]
public sealed record CancelOrder([property: Id(0)] string Reason) : OrderCommand;
