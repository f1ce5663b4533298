using EventFold.Orleans.Aggregates;

namespace EventFold.Orleans.Tests.Domain;

public interface IAccountAggregate : IAggregateGrain<AccountState, AccountCommand, AccountEvent>;

[AggregateType("account")]
public sealed class AccountGrain : AggregateGrain<AccountAggregate, AccountState, AccountCommand, AccountEvent>, IAccountAggregate;

/// <summary>Same domain, its own type folder and metrics tag: for tests that count what one type does.</summary>
public interface IIsolatedAccount : IAggregateGrain<AccountState, AccountCommand, AccountEvent>;

[AggregateType("isolated-account")]
public sealed class IsolatedAccountGrain : AggregateGrain<AccountAggregate, AccountState, AccountCommand, AccountEvent>, IIsolatedAccount;

/// <summary>Configured with a short idle timeout in the eviction tests.</summary>
public interface IShortLivedAccount : IAggregateGrain<AccountState, AccountCommand, AccountEvent>;

[AggregateType("short-lived-account")]
public sealed class ShortLivedAccountGrain : AggregateGrain<AccountAggregate, AccountState, AccountCommand, AccountEvent>, IShortLivedAccount;
