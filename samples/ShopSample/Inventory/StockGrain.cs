using EventFold.Orleans.Aggregates;

namespace ShopSample.Inventory;

/// <summary>The app's API to one product's stock.</summary>
public interface IStockAggregate : IAggregateGrain<StockState, StockCommand, StockEvent>;

/// <summary>Binds the stock rules to Orleans; stored under <c>streams/stock/</c>.</summary>
[AggregateType("stock")]
public sealed class StockGrain : AggregateGrain<StockAggregate, StockState, StockCommand, StockEvent>, IStockAggregate;
