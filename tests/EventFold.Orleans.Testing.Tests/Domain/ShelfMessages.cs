using EventFold.Orleans.Events;

namespace EventFold.Orleans.Testing.Tests.Domain;

[GenerateSerializer]
public abstract record ShelfCommand;

[GenerateSerializer]
public sealed record Restock([property: Id(0)] string Sku, [property: Id(1)] int Quantity) : ShelfCommand;

[GenerateSerializer]
public sealed record Take([property: Id(0)] string Sku, [property: Id(1)] int Quantity) : ShelfCommand;

[GenerateSerializer]
public abstract record ShelfEvent;

[GenerateSerializer, EventType("restocked")]
public sealed record Restocked([property: Id(0)] string Sku, [property: Id(1)] int Quantity) : ShelfEvent;

[GenerateSerializer, EventType("taken")]
public sealed record Taken([property: Id(0)] string Sku, [property: Id(1)] int Quantity) : ShelfEvent;

/// <summary>Same shape as <see cref="Taken"/>, another type: a spec must tell them apart.</summary>
[GenerateSerializer, EventType("taken-back")]
public sealed record TakenBack([property: Id(0)] string Sku, [property: Id(1)] int Quantity) : ShelfEvent;
