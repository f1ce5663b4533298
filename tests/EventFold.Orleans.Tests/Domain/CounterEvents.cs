using EventFold.Orleans.Events;

namespace EventFold.Orleans.Tests.Domain;

[GenerateSerializer]
public abstract record CounterEvent;

[GenerateSerializer, EventType("counter-added")]
public sealed record Added([property: Id(0)] int Amount) : CounterEvent;

/// <summary>Decided by the aggregate, forgotten by its fold.</summary>
[GenerateSerializer, EventType("counter-forgotten")]
public sealed record Forgotten : CounterEvent;

[GenerateSerializer, EventType("counter-noted")]
public sealed record Noted([property: Id(0)] string Text) : CounterEvent;
