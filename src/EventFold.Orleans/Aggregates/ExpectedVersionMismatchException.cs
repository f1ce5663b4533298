namespace EventFold.Orleans.Aggregates;

/// <summary>
/// A command carried <c>CommandContext.ExpectedVersion</c> and the stream had moved past (or not reached) that version.
/// The command was not decided and nothing was written.
/// </summary>
/// <remarks>Read the state again (<c>GetVersionedState</c>), decide whether the command still makes sense, and resend it with the new version.</remarks>
[GenerateSerializer, Alias("EventFold.ExpectedVersionMismatchException")]
public sealed class ExpectedVersionMismatchException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="aggregateType">The aggregate type.</param>
    /// <param name="id">The aggregate id.</param>
    /// <param name="expectedVersion">The version the command expected.</param>
    /// <param name="actualVersion">The stream's version.</param>
    public ExpectedVersionMismatchException(string aggregateType, string id, long expectedVersion, long actualVersion)
        : base(
            $"The command on {aggregateType}/{id} expected version {expectedVersion}, but the stream is at version {actualVersion}; " +
            "nothing was written. Read the state again and resend with the new ExpectedVersion.")
    {
        AggregateType = aggregateType;
        AggregateId = id;
        ExpectedVersion = expectedVersion;
        ActualVersion = actualVersion;
    }

    /// <summary>The aggregate type.</summary>
    [Id(0)] public string AggregateType { get; }

    /// <summary>The aggregate id.</summary>
    [Id(1)] public string AggregateId { get; }

    /// <summary>The version the command expected.</summary>
    [Id(2)] public long ExpectedVersion { get; }

    /// <summary>The stream's version when the command was refused.</summary>
    [Id(3)] public long ActualVersion { get; }
}
