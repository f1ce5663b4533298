using EventFold.Orleans.Events;

namespace EventFold.Orleans.Tests.ExternalDomain;

/// <summary>An event base type whose name 'clash' is taken twice: here and in EventFold.Orleans.Tests.ExternalEvents.</summary>
[GenerateSerializer]
public abstract record ClashEvent;

[GenerateSerializer, EventType("clash")]
public sealed record ClashHere : ClashEvent;
