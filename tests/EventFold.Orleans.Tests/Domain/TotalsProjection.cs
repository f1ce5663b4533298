using EventFold.Orleans.Projections;

namespace EventFold.Orleans.Tests.Domain;

/// <summary>The read model of the projection tests: every balance and stock level, plus a check that no event came twice or was skipped.</summary>
[GenerateSerializer]
public sealed record Totals
{
    [Id(0)] public Dictionary<string, long> Balances { get; init; } = [];
    [Id(1)] public Dictionary<string, long> Stock { get; init; } = [];
    [Id(2)] public Dictionary<string, long> LastVersion { get; init; } = [];
    [Id(3)] public long Events { get; init; }
    [Id(4)] public long Duplicates { get; init; }
    [Id(5)] public long Gaps { get; init; }
    [Id(6)] public long Correlated { get; init; }
}

/// <summary>Balances of the ledger accounts and units of the stock items; pure, so it can mutate a copy and return it.</summary>
public class TotalsProjection : Projection<Totals>
{
    public override string Name => "totals";

    public override int Version => 1;

    public override IReadOnlyList<FollowedType> Follows { get; } = [FollowedType.Of<LedgerAccountGrain>(), FollowedType.Of<StockGrain>()];

    public override Totals Initial => new();

    public override Totals Apply(Totals state, ProjectedEvent e)
    {
        var stream = $"{e.AggregateType}/{e.AggregateId}";
        var last = state.LastVersion.GetValueOrDefault(stream);
        var versions = new Dictionary<string, long>(state.LastVersion) { [stream] = Math.Max(last, e.Version) };
        var next = state with
        {
            LastVersion = versions,
            Events = state.Events + 1,
            Duplicates = state.Duplicates + (e.Version <= last ? 1 : 0),
            Gaps = state.Gaps + (e.Version > last + 1 ? 1 : 0),
            Correlated = state.Correlated + (e.CorrelationId is null ? 0 : 1),
        };
        return e.Event switch
        {
            AccountOpened => next with { Balances = With(state.Balances, e.AggregateId, 0) },
            Deposited d => next with { Balances = With(state.Balances, e.AggregateId, state.Balances.GetValueOrDefault(e.AggregateId) + d.Amount) },
            Withdrawn w => next with { Balances = With(state.Balances, e.AggregateId, state.Balances.GetValueOrDefault(e.AggregateId) - w.Amount) },
            StockReceived r => next with { Stock = With(state.Stock, e.AggregateId, state.Stock.GetValueOrDefault(e.AggregateId) + r.Quantity) },
            StockShipped s => next with { Stock = With(state.Stock, e.AggregateId, state.Stock.GetValueOrDefault(e.AggregateId) - s.Quantity) },
            _ => throw new ArgumentOutOfRangeException(nameof(e), e.Event, "Unknown event."),
        };
    }

    private static Dictionary<string, long> With(Dictionary<string, long> map, string key, long value) => new(map) { [key] = value };
}

/// <summary>The same projection after a change that needs a rebuild.</summary>
public sealed class TotalsProjectionV2 : TotalsProjection
{
    public override int Version => 2;
}

/// <summary>Follows the ledger only and cannot apply a deposit of 13: the poison event of the tests.</summary>
public sealed class PoisonableProjection : TotalsProjection
{
    public override string Name => "poisonable";

    public override IReadOnlyList<FollowedType> Follows { get; } = [FollowedType.Of<LedgerAccountGrain>()];

    public override int MaxApplyAttempts => 2;

    public override Totals Apply(Totals state, ProjectedEvent e) =>
        e.Event is Deposited { Amount: 13 } ? throw new InvalidOperationException("13 is unlucky") : base.Apply(state, e);
}
