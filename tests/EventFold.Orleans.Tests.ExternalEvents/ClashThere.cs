using EventFold.Orleans.Events;
using EventFold.Orleans.Tests.ExternalDomain;

namespace EventFold.Orleans.Tests.ExternalEvents;

/// <summary>Takes the name of <see cref="ClashHere"/>: a silo serving a ClashEvent grain must not start.</summary>
[GenerateSerializer, EventType("clash")]
public sealed record ClashThere : ClashEvent;
