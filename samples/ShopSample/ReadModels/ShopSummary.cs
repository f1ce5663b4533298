using EventFold.Orleans.Projections;
using ShopSample.Inventory;
using ShopSample.Orders;

namespace ShopSample.ReadModels;

/// <summary>Shop-wide figures: orders by outcome and the free stock of each product.</summary>
[GenerateSerializer]
public sealed record ShopSummaryState
{
    [Id(0)] public int Placed { get; init; }
    [Id(1)] public int Confirmed { get; init; }
    [Id(2)] public int Cancelled { get; init; }
    [Id(3)] public Dictionary<string, int> FreeStock { get; init; } = [];
}

/// <summary>A read model over two aggregate types: the <c>order</c> and the <c>stock</c> streams.</summary>
public sealed class ShopSummary : Projection<ShopSummaryState>
{
    public override string Name => "shop-summary";

    public override int Version => 1;

    public override IReadOnlyList<FollowedType> Follows { get; } = [FollowedType.Of<OrderGrain>(), FollowedType.Of<StockGrain>()];

    public override ShopSummaryState Initial => new();

    public override ShopSummaryState Apply(ShopSummaryState state, ProjectedEvent @event) => @event.Event switch
    {
        OrderPlaced => state with { Placed = state.Placed + 1 },
        OrderConfirmed => state with { Confirmed = state.Confirmed + 1 },
        OrderCancelled => state with { Cancelled = state.Cancelled + 1 },
        Restocked restocked => Stock(state, @event.AggregateId, restocked.Quantity),
        StockReserved reserved => Stock(state, @event.AggregateId, -reserved.Quantity),
        _ => state,
    };

    private static ShopSummaryState Stock(ShopSummaryState state, string sku, int change) =>
        state with { FreeStock = new(state.FreeStock) { [sku] = state.FreeStock.GetValueOrDefault(sku) + change } };
}
