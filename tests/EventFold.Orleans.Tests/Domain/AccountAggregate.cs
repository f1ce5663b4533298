using EventFold.Orleans.Aggregates;

namespace EventFold.Orleans.Tests.Domain;

public sealed class AccountAggregate : Aggregate<AccountState, AccountCommand, AccountEvent>
{
    public override AccountState Initial => new();

    public override Decision<AccountEvent> Decide(AccountState state, AccountCommand command) => command switch
    {
        OpenAccount open when state.Opened => Reject("account.already-open", $"The account is already open for {state.Owner}."),
        OpenAccount open => Accept(new AccountOpened(open.Owner)),
        _ when !state.Opened => Reject("account.not-open", "Open the account first."),
        Deposit { Amount: <= 0 } => Reject("account.bad-amount", "Deposits must be positive."),
        Deposit deposit => Accept(new Deposited(deposit.Amount)),
        DepositMany many => Accept([.. many.Amounts.Select(a => (AccountEvent)new Deposited(a))]),
        Withdraw withdraw when withdraw.Amount > state.Balance => Reject(new InsufficientFunds(state.Balance, withdraw.Amount)),
        Withdraw withdraw => Accept(new Withdrawn(withdraw.Amount)),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command, "Unknown command."),
    };

    public override AccountState Apply(AccountState state, AccountEvent @event) => @event switch
    {
        AccountOpened opened => state with { Opened = true, Owner = opened.Owner },
        Deposited deposited => state with { Balance = state.Balance + deposited.Amount, Deposits = state.Deposits + 1 },
        Withdrawn withdrawn => state with { Balance = state.Balance - withdrawn.Amount },
        _ => throw new ArgumentOutOfRangeException(nameof(@event), @event, "Unknown event."),
    };
}
