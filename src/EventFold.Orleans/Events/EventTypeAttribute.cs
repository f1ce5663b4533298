namespace EventFold.Orleans.Events;

/// <summary>
/// The stable name an event class is written under (the eventfold line's <c>type</c>), e.g. <c>order-placed</c>.
/// Without it the class's short name (<see cref="System.Reflection.MemberInfo.Name"/>, no namespace) is used, which breaks if the class is renamed.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class EventTypeAttribute(string name) : Attribute
{
    /// <summary>The stable event type name.</summary>
    public string Name { get; } = name;
}
