namespace EventFold.Orleans.Hosting;

/// <summary>One member of a stored type that would not round-trip through the configured JSON options.</summary>
/// <param name="Type">The type that declares (or inherits) the member.</param>
/// <param name="Member">The member's name; <c>(type)</c> when the type as a whole has no usable JSON contract.</param>
/// <param name="Reason">Why it would be lost, and how to fix it.</param>
public sealed record UnstorableMember(Type Type, string Member, string Reason)
{
    /// <inheritdoc />
    public override string ToString() => $"{Type.FullName}.{Member}: {Reason}";
}
