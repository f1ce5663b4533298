using EventFold.Orleans.Projections;
using ShopSample.Orders;

namespace ShopSample.ReadModels;

/// <summary>One line of the order listing.</summary>
[GenerateSerializer, Immutable]
public sealed record OrderLine(
    [property: Id(0)] string OrderId,
    [property: Id(1)] string Customer,
    [property: Id(2)] string Sku,
    [property: Id(3)] int Quantity,
    [property: Id(4)] string Status,
    [property: Id(5)] string? Note);

/// <summary>The listing: every order with its status, in the order they were placed.</summary>
[GenerateSerializer]
public sealed record OrderListingState
{
    [Id(0)] public List<OrderLine> Orders { get; init; } = [];
}

/// <summary>A read model of all orders, folded from the <c>order</c> streams.</summary>
public sealed class OrderListing : Projection<OrderListingState>
{
    public override string Name => "order-listing";

    public override int Version => 1;

    public override IReadOnlyList<FollowedType> Follows { get; } = [FollowedType.Of<OrderGrain>()];

    public override OrderListingState Initial => new();

    public override OrderListingState Apply(OrderListingState state, ProjectedEvent @event) => @event.Event switch
    {
        OrderPlaced placed => state with
        {
            Orders = [.. state.Orders, new OrderLine(@event.AggregateId, placed.Customer, placed.Sku, placed.Quantity, "placed", null)],
        },
        OrderConfirmed => Update(state, @event.AggregateId, line => line with { Status = "confirmed" }),
        OrderCancelled cancelled => Update(state, @event.AggregateId, line => line with { Status = "cancelled", Note = cancelled.Reason }),
        _ => state,
    };

    private static OrderListingState Update(OrderListingState state, string orderId, Func<OrderLine, OrderLine> change) =>
        state with { Orders = [.. state.Orders.Select(line => line.OrderId == orderId ? change(line) : line)] };
}
