using EventFold.Orleans.Projections;
using EventFold.Orleans.Tests.Domain;
using Xunit;

namespace EventFold.Orleans.Tests.Projections;

/// <summary>The user-facing model without Orleans: a projection is a pure fold over envelopes.</summary>
public sealed class ProjectionModelTests
{
    [Fact]
    public void A_projection_folds_envelopes_of_two_aggregate_types_without_any_runtime()
    {
        var projection = new TotalsProjection();
        var state = projection.Replay(
        [
            Envelope("ledger", "a", 1, new AccountOpened("ann")),
            Envelope("ledger", "a", 2, new Deposited(10)),
            Envelope("stock", "s", 1, new StockReceived(4)),
            Envelope("ledger", "a", 3, new Withdrawn(3)),
            Envelope("stock", "s", 2, new StockShipped(1)),
            Envelope("ledger", "a", 3, new Withdrawn(3)),
        ]);

        Assert.Equal(7 - 3, state.Balances["a"]);
        Assert.Equal(3, state.Stock["s"]);
        Assert.Equal(1, state.Duplicates);
        Assert.Equal(new EventFold.Orleans.Aggregates.StreamPosition("ledger", "a", 2), Envelope("ledger", "a", 2, new Deposited(1)).Position);
    }

    [Fact]
    public void Followed_types_come_from_the_aggregate_grain_classes()
    {
        var follows = new TotalsProjection().Follows;
        Assert.Equal(["ledger", "stock"], follows.Select(f => f.AggregateType));
        Assert.Equal(typeof(AccountEvent), follows[0].EventBaseType);
        Assert.Equal(typeof(StockEvent), follows[1].EventBaseType);
        var error = Assert.Throws<ArgumentException>(() => FollowedType.Of<TotalsGrain>());
        Assert.Contains(typeof(TotalsGrain).FullName!, error.Message);
    }

    private static ProjectedEvent Envelope(string type, string id, long version, object e) =>
        new() { AggregateType = type, AggregateId = id, Version = version, Event = e };
}
