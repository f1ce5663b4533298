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

/// <summary>Known to the event registry but not handled by the fold: loading one must fail, not skip it.</summary>
[GenerateSerializer, EventType("account-frozen")]
public sealed record AccountFrozen : AccountEvent;
