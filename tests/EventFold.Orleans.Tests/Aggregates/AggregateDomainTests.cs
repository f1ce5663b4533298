using Xunit;
using EventFold.Orleans.Tests.Domain;

namespace EventFold.Orleans.Tests.Aggregates;

/// <summary>The pure domain needs no Orleans and no files.</summary>
public sealed class AggregateDomainTests
{
    private readonly AccountAggregate _account = new();

    [Fact]
    public void Decide_and_apply_are_pure_functions()
    {
        var opened = _account.Decide(_account.Initial, new OpenAccount("ann"));
        Assert.False(opened.IsRejected);
        var state = _account.Replay(opened.Events);
        Assert.True(state.Opened);

        var many = _account.Decide(state, new DepositMany([1, 2, 3]));
        Assert.Equal(3, many.Events.Count);
        Assert.Equal(6, _account.Replay([.. opened.Events, .. many.Events]).Balance);
    }

    [Fact]
    public void A_rejection_carries_a_typed_error_and_no_events()
    {
        var state = _account.Replay([new AccountOpened("ann"), new Deposited(5)]);
        var decision = _account.Decide(state, new Withdraw(9));
        var error = Assert.IsType<InsufficientFunds>(decision.Error);
        Assert.Equal(5, error.Balance);
        Assert.Equal("account.insufficient-funds", error.Code);
        Assert.Empty(decision.Events);
    }
}
