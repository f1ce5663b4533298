using EventFold.Orleans.Projections;

namespace EventFold.Orleans.Testing.Tests.Domain;

/// <summary>Units per SKU over every shelf, and how many events were applied.</summary>
[GenerateSerializer]
public sealed record StockLevels
{
    [Id(0)] public Dictionary<string, long> Units { get; init; } = [];
    [Id(1)] public long Events { get; init; }
}

/// <summary>Sums every shelf. A restock of exactly 13 units is poison: Apply throws on it (for the failure tests).</summary>
public sealed class StockProjection : Projection<StockLevels>
{
    public const int PoisonQuantity = 13;

    public override string Name => "stock-levels";

    public override int Version => 1;

    public override IReadOnlyList<FollowedType> Follows { get; } = [FollowedType.Of<ShelfGrain>()];

    public override StockLevels Initial => new();

    public override int MaxApplyAttempts => 2;

    public override StockLevels Apply(StockLevels state, ProjectedEvent e) => e.Event switch
    {
        Restocked { Quantity: PoisonQuantity } => throw new InvalidOperationException("poison restock"),
        Restocked r => With(state, r.Sku, r.Quantity),
        Taken t => With(state, t.Sku, -t.Quantity),
        _ => throw new ArgumentOutOfRangeException(nameof(e), e.Event, "Unknown event."),
    };

    private static StockLevels With(StockLevels state, string sku, long delta) =>
        state with { Units = new(state.Units) { [sku] = state.Units.GetValueOrDefault(sku) + delta }, Events = state.Events + 1 };
}

public interface IStockLevels : IProjectionGrain
{
    /// <summary>The levels as they stand, without reading anything.</summary>
    Task<StockLevels> Get();
}

[ImplicitStreamSubscription("shelf")]
public sealed class StockLevelsGrain : ProjectionGrain<StockProjection, StockLevels>, IStockLevels
{
    public Task<StockLevels> Get() => Task.FromResult(State);
}
