using EventFold.Orleans.Events;

namespace EventFold.Orleans.Tests.Events.Domain;

/// <summary>Events written the way many Orleans users write them: public fields with <c>[Id]</c>, no properties.</summary>
[GenerateSerializer]
public abstract class FieldCounterEvent;

[GenerateSerializer, EventType("field-counted")]
public sealed class FieldCounted : FieldCounterEvent
{
    [Id(0)] public int Amount;
    [Id(1)] public string? Note;
}
