using EventFold.Orleans.Aggregates;

namespace EventFold.Orleans.Testing.Tests.Domain;

/// <summary>Units per SKU on one shelf.</summary>
[GenerateSerializer]
public sealed record ShelfState
{
    [Id(0)] public Dictionary<string, int> Units { get; init; } = [];
}

/// <summary>The shelf rules: restock any positive amount; take at most what is there.</summary>
public sealed class ShelfAggregate : Aggregate<ShelfState, ShelfCommand, ShelfEvent>
{
    public override ShelfState Initial => new();

    public override Decision<ShelfEvent> Decide(ShelfState state, ShelfCommand command) => command switch
    {
        Restock { Quantity: <= 0 } => Reject("shelf.bad-quantity", "Quantities must be positive."),
        Restock r => Accept(new Restocked(r.Sku, r.Quantity)),
        Take { Quantity: <= 0 } => Reject("shelf.bad-quantity", "Quantities must be positive."),
        Take t when state.Units.GetValueOrDefault(t.Sku) < t.Quantity =>
            Reject("shelf.short", $"Only {state.Units.GetValueOrDefault(t.Sku)} of {t.Sku} left."),
        // Taking everything also records the shelf slot as empty: a two-event decision.
        Take t when state.Units[t.Sku] == t.Quantity => Accept(new Taken(t.Sku, t.Quantity), new Taken(t.Sku, 0)),
        Take t => Accept(new Taken(t.Sku, t.Quantity)),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command, "Unknown command."),
    };

    public override ShelfState Apply(ShelfState state, ShelfEvent @event) => @event switch
    {
        Restocked r => state with { Units = new(state.Units) { [r.Sku] = state.Units.GetValueOrDefault(r.Sku) + r.Quantity } },
        Taken t when state.Units.GetValueOrDefault(t.Sku) < t.Quantity => throw new InvalidOperationException($"Cannot take {t.Quantity} of {t.Sku}."),
        Taken t => state with { Units = new(state.Units) { [t.Sku] = state.Units.GetValueOrDefault(t.Sku) - t.Quantity } },
        _ => throw new ArgumentOutOfRangeException(nameof(@event), @event, "Unknown event."),
    };
}

/// <summary>The app's API to one shelf.</summary>
public interface IShelf : IAggregateGrain<ShelfState, ShelfCommand, ShelfEvent>;

/// <summary>Stored under <c>streams/shelf/</c>.</summary>
[AggregateType("shelf")]
public sealed class ShelfGrain : AggregateGrain<ShelfAggregate, ShelfState, ShelfCommand, ShelfEvent>, IShelf;
