namespace EventFold.Orleans.Hosting;

/// <summary>
/// A member that Orleans serializes (it carries <c>[Id(n)]</c>) of a stored event or state type would not survive a
/// write and a read with <see cref="EventFoldOptions.JsonSerializerOptions"/>: the silo does not start, because the
/// value would be lost on disk.
/// </summary>
public sealed class UnstorableMemberException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="problems">Every member found, first one first; must not be empty.</param>
    public UnstorableMemberException(IReadOnlyList<UnstorableMember> problems)
        : base(Describe(problems))
    {
        Problems = problems;
    }

    /// <summary>The members that would not round-trip.</summary>
    public IReadOnlyList<UnstorableMember> Problems { get; }

    private static string Describe(IReadOnlyList<UnstorableMember> problems)
    {
        ArgumentOutOfRangeException.ThrowIfZero(problems.Count);
        return $"{problems.Count} member(s) that Orleans serializes would not round-trip through EventFoldOptions.JsonSerializerOptions, " +
            "so EventFold would lose them on disk:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  " + p));
    }
}
