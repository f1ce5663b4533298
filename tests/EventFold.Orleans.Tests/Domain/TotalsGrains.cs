using EventFold.Orleans.Aggregates;
using EventFold.Orleans.Projections;

namespace EventFold.Orleans.Tests.Domain;

/// <summary>The queries the three test projection grains share; reach each through its own interface.</summary>
public interface ITotalsQueries : IProjectionGrain
{
    /// <summary>The state as it is, without reading anything.</summary>
    Task<Totals> Get();

    /// <summary>One balance, after the projection has reflected <paramref name="after"/>.</summary>
    Task<long> Balance(string id, StreamPosition? after);
}

public interface ITotals : ITotalsQueries;

[ImplicitStreamSubscription("ledger"), ImplicitStreamSubscription("stock")]
public sealed class TotalsGrain : ProjectionGrain<TotalsProjection, Totals>, ITotals
{
    public Task<Totals> Get() => Task.FromResult(State);

    public async Task<long> Balance(string id, StreamPosition? after)
    {
        await ReflectAsync(after);
        return State.Balances.GetValueOrDefault(id);
    }
}

public interface ITotalsV2 : ITotalsQueries;

[ImplicitStreamSubscription("ledger"), ImplicitStreamSubscription("stock")]
public sealed class TotalsV2Grain : ProjectionGrain<TotalsProjectionV2, Totals>, ITotalsV2
{
    public Task<Totals> Get() => Task.FromResult(State);

    public async Task<long> Balance(string id, StreamPosition? after)
    {
        await ReflectAsync(after);
        return State.Balances.GetValueOrDefault(id);
    }
}

public interface IPoisonable : ITotalsQueries;

[ImplicitStreamSubscription("ledger")]
public sealed class PoisonableGrain : ProjectionGrain<PoisonableProjection, Totals>, IPoisonable
{
    public Task<Totals> Get() => Task.FromResult(State);

    public async Task<long> Balance(string id, StreamPosition? after)
    {
        await ReflectAsync(after);
        return State.Balances.GetValueOrDefault(id);
    }
}

public interface IUnsubscribed : ITotalsQueries;

/// <summary>Follows the ledger but lacks its stream subscription: activating it must fail with a clear error.</summary>
public sealed class UnsubscribedGrain : ProjectionGrain<TotalsProjection, Totals>, IUnsubscribed
{
    public Task<Totals> Get() => Task.FromResult(State);

    public Task<long> Balance(string id, StreamPosition? after) => Task.FromResult(0L);
}
