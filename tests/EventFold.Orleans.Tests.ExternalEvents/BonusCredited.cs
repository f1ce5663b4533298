using EventFold.Orleans.Events;
using EventFold.Orleans.Tests.ExternalDomain;

namespace EventFold.Orleans.Tests.ExternalEvents;

[GenerateSerializer, EventType("bonus-credited")]
public sealed record BonusCredited([property: Id(0)] long Amount) : LedgerEvent
{
    public override LedgerState ApplyTo(LedgerState state) => state with { Balance = state.Balance + Amount };
}
