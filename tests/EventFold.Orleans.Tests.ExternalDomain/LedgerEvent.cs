using EventFold.Orleans.Events;

namespace EventFold.Orleans.Tests.ExternalDomain;

/// <summary>The ledger's event base type; each event folds itself, so subclasses may live in other assemblies.</summary>
[GenerateSerializer]
public abstract record LedgerEvent
{
    public abstract LedgerState ApplyTo(LedgerState state);
}

[GenerateSerializer, EventType("ledger-opened")]
public sealed record LedgerOpened : LedgerEvent
{
    public override LedgerState ApplyTo(LedgerState state) => state with { Opened = true };
}
