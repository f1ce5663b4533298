using EventFold.Orleans.Aggregates;
using EventFold.Orleans.Events;

namespace EventFold.Orleans.Tests.Domain;

/// <summary>A second, small aggregate type for the projection tests: units of one stock item.</summary>
public sealed class StockAggregate : Aggregate<StockState, StockCommand, StockEvent>
{
    public override StockState Initial => new();

    public override Decision<StockEvent> Decide(StockState state, StockCommand command) => command switch
    {
        ReceiveStock { Quantity: <= 0 } => Reject("stock.bad-quantity", "Receive a positive quantity."),
        ReceiveStock receive => Accept(new StockReceived(receive.Quantity)),
        ShipStock ship when ship.Quantity > state.Units => Reject("stock.short", $"Only {state.Units} units in stock."),
        ShipStock ship => Accept(new StockShipped(ship.Quantity)),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command, "Unknown command."),
    };

    public override StockState Apply(StockState state, StockEvent @event) => @event switch
    {
        StockReceived received => state with { Units = state.Units + received.Quantity },
        StockShipped shipped => state with { Units = state.Units - shipped.Quantity },
        _ => throw new ArgumentOutOfRangeException(nameof(@event), @event, "Unknown event."),
    };
}

[GenerateSerializer]
public sealed record StockState
{
    [Id(0)] public long Units { get; init; }
}

[GenerateSerializer]
public abstract record StockCommand;

[GenerateSerializer]
public sealed record ReceiveStock([property: Id(0)] long Quantity) : StockCommand;

[GenerateSerializer]
public sealed record ShipStock([property: Id(0)] long Quantity) : StockCommand;

[GenerateSerializer]
public abstract record StockEvent;

[GenerateSerializer, EventType("stock-received")]
public sealed record StockReceived([property: Id(0)] long Quantity) : StockEvent;

[GenerateSerializer, EventType("stock-shipped")]
public sealed record StockShipped([property: Id(0)] long Quantity) : StockEvent;

public interface IStockAggregate : IAggregateGrain<StockState, StockCommand, StockEvent>;

[AggregateType("stock")]
public sealed class StockGrain : AggregateGrain<StockAggregate, StockState, StockCommand, StockEvent>, IStockAggregate;

/// <summary>The accounts domain under its own type name, so only the projection tests' writes wake the test projections.</summary>
public interface ILedgerAccount : IAggregateGrain<AccountState, AccountCommand, AccountEvent>;

[AggregateType("ledger")]
public sealed class LedgerAccountGrain : AggregateGrain<AccountAggregate, AccountState, AccountCommand, AccountEvent>, ILedgerAccount;
