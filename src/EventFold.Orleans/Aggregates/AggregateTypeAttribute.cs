namespace EventFold.Orleans.Aggregates;

/// <summary>
/// Declares the aggregate type name of a grain class, e.g. <c>order</c>. The name is the folder under
/// <c>streams/</c> and must match <c>^[a-z0-9][a-z0-9_-]{0,63}$</c>; it must never change once data exists.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class AggregateTypeAttribute(string name) : Attribute
{
    /// <summary>The aggregate type name.</summary>
    public string Name { get; } = name;
}
