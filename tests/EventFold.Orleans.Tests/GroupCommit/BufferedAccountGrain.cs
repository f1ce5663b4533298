using EventFold.Orleans.Aggregates;
using EventFold.Orleans.Tests.Domain;

namespace EventFold.Orleans.Tests.GroupCommit;

/// <summary>The account domain with its durability set per aggregate type: Buffered, whatever the store says.</summary>
public interface IBufferedAccount : IAggregateGrain<AccountState, AccountCommand, AccountEvent>;

[AggregateType("buffered-account")]
[AggregateDurability(Durability.Buffered)]
public sealed class BufferedAccountGrain : AggregateGrain<AccountAggregate, AccountState, AccountCommand, AccountEvent>, IBufferedAccount;
