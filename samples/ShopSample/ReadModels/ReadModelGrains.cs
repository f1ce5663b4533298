using EventFold.Orleans.Aggregates;
using EventFold.Orleans.Projections;

namespace ShopSample.ReadModels;

/// <summary>Queries of the order listing; a position makes the query wait until the listing reflects that write.</summary>
public interface IOrderListing : IProjectionGrain
{
    Task<OrderListingState> Get(StreamPosition? after = null);
}

/// <summary>Queries of the shop summary.</summary>
public interface IShopSummary : IProjectionGrain
{
    Task<ShopSummaryState> Get(StreamPosition? after = null);
}

[ImplicitStreamSubscription("order")]
public sealed class OrderListingGrain : ProjectionGrain<OrderListing, OrderListingState>, IOrderListing
{
    public async Task<OrderListingState> Get(StreamPosition? after = null)
    {
        await ReflectAsync(after);
        return State;
    }
}

[ImplicitStreamSubscription("order"), ImplicitStreamSubscription("stock")]
public sealed class ShopSummaryGrain : ProjectionGrain<ShopSummary, ShopSummaryState>, IShopSummary
{
    public async Task<ShopSummaryState> Get(StreamPosition? after = null)
    {
        await ReflectAsync(after);
        return State;
    }
}
