using EventFold.Orleans.Events;

namespace EventFold.Orleans.Tests.Domain;

[GenerateSerializer]
public abstract record AccountEvent;

[GenerateSerializer, EventType("account-opened")]
public sealed record AccountOpened([property: Id(0)] string Owner) : AccountEvent;

[GenerateSerializer, EventType("deposited")]
public sealed record Deposited([property: Id(0)] long Amount) : AccountEvent;

[GenerateSerializer, EventType("withdrawn")]
public sealed record Withdrawn([property: Id(0)] long Amount) : AccountEvent;
