namespace EventFold.Orleans.Commands;

/// <summary>
/// The stable name a command class is known by in JSON command envelopes (<c>JsonCommandEnvelope.CommandType</c>), e.g.
/// <c>reserve-stock</c>. Without it the class's short name (<see cref="System.Reflection.MemberInfo.Name"/>, no namespace)
/// is used, which breaks stored envelopes (dead letters, tools) if the class is renamed.
/// </summary>
/// <remarks>
/// A name must be unique among the commands of one command base type; a name used twice stops the silo start with
/// <c>CommandTypeMappingException</c> naming both classes.
/// </remarks>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false)]
public sealed class CommandTypeAttribute(string name) : Attribute
{
    /// <summary>The stable command type name.</summary>
    public string Name { get; } = name;
}
