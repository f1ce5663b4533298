using EventFold.Orleans.Aggregates;

namespace EventFold.Orleans.Tests.ExternalDomain;

public interface ILedger : IAggregateGrain<LedgerState, Post, LedgerEvent>;

/// <summary>Lives with the event base type, not with the events of EventFold.Orleans.Tests.ExternalEvents.</summary>
[AggregateType("ledger")]
public sealed class LedgerGrain : AggregateGrain<LedgerAggregate, LedgerState, Post, LedgerEvent>, ILedger;
