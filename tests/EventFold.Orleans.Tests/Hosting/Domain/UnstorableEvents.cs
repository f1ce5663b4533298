using EventFold.Orleans.Events;

namespace EventFold.Orleans.Tests.Hosting.Domain;

[GenerateSerializer]
public abstract class UnstorableEvent;

/// <summary>Orleans sets the private setter; JSON would write the value and never read it back.</summary>
[GenerateSerializer, EventType("private-setter")]
public sealed class PrivateSetterEvent : UnstorableEvent
{
    [Id(0)] public int Amount { get; private set; }

    public static PrivateSetterEvent Of(int amount) => new() { Amount = amount };
}
