using EventFold.Orleans.Aggregates;
using EventFold.Orleans.Commands;
using EventFold.Orleans.Events;

namespace EventFold.Orleans.Tests.Bus;

/// <summary>The bus tests' own aggregate: commands with stable [CommandType] names (the account domain's keep their class names).</summary>
public sealed class ParcelAggregate : Aggregate<ParcelState, ParcelCommand, ParcelEvent>
{
    public override ParcelState Initial => new();

    public override Decision<ParcelEvent> Decide(ParcelState state, ParcelCommand command) => command switch
    {
        RegisterParcel { WeightGrams: <= 0 } => Reject("parcel.bad-weight", "A parcel weighs something."),
        RegisterParcel register when state.Registered => Reject("parcel.already-registered", "The parcel is already registered."),
        RegisterParcel register => Accept(new ParcelRegistered(register.Recipient, register.WeightGrams)),
        ShipParcel when !state.Registered => Reject("parcel.unknown", "Register the parcel first."),
        ShipParcel ship => Accept(new ParcelShipped(ship.Carrier)),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command, "Unknown command."),
    };

    public override ParcelState Apply(ParcelState state, ParcelEvent @event) => @event switch
    {
        ParcelRegistered registered => state with { Registered = true, Recipient = registered.Recipient },
        ParcelShipped shipped => state with { Carrier = shipped.Carrier },
        _ => throw new ArgumentOutOfRangeException(nameof(@event), @event, "Unknown event."),
    };
}

[GenerateSerializer]
public sealed record ParcelState
{
    [Id(0)] public bool Registered { get; init; }
    [Id(1)] public string? Recipient { get; init; }
    [Id(2)] public string? Carrier { get; init; }
}

[GenerateSerializer]
public abstract record ParcelCommand;

[GenerateSerializer, CommandType("bus-register-parcel")]
public sealed record RegisterParcel([property: Id(0)] string Recipient, [property: Id(1)] int WeightGrams) : ParcelCommand;

[GenerateSerializer, CommandType("bus-ship-parcel")]
public sealed record ShipParcel([property: Id(0)] string Carrier) : ParcelCommand;

[GenerateSerializer]
public abstract record ParcelEvent;

[GenerateSerializer, EventType("bus-parcel-registered")]
public sealed record ParcelRegistered([property: Id(0)] string Recipient, [property: Id(1)] int WeightGrams) : ParcelEvent;

[GenerateSerializer, EventType("bus-parcel-shipped")]
public sealed record ParcelShipped([property: Id(0)] string Carrier) : ParcelEvent;

public interface IParcelAggregate : IAggregateGrain<ParcelState, ParcelCommand, ParcelEvent>;

[AggregateType("bus-parcel")]
public sealed class ParcelGrain : AggregateGrain<ParcelAggregate, ParcelState, ParcelCommand, ParcelEvent>, IParcelAggregate;
