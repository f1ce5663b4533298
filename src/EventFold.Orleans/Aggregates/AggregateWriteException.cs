namespace EventFold.Orleans.Aggregates;

/// <summary>
/// A command's events could not be written (disk full, permission denied, stream locked by another process, a
/// faulted journal). Nothing of the command is on disk and the aggregate still matches the disk.
/// </summary>
/// <remarks>
/// The underlying error is described by <see cref="CauseType"/> and <see cref="Reason"/> rather than kept as the
/// inner exception, because the exception travels to callers through Orleans' serializer.
/// </remarks>
[GenerateSerializer, Alias("EventFold.AggregateWriteException")]
public sealed class AggregateWriteException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="aggregateType">The aggregate type.</param>
    /// <param name="id">The aggregate id.</param>
    /// <param name="version">The stream version the command was decided at.</param>
    /// <param name="cause">The underlying error.</param>
    public AggregateWriteException(string aggregateType, string id, long version, Exception cause)
        : base($"Writing to {aggregateType}/{id} at version {version} failed: {cause.Message}")
    {
        AggregateType = aggregateType;
        AggregateId = id;
        Version = version;
        CauseType = cause.GetType().FullName ?? cause.GetType().Name;
        Reason = cause.Message;
    }

    /// <summary>The aggregate type.</summary>
    [Id(0)] public string AggregateType { get; }

    /// <summary>The aggregate id.</summary>
    [Id(1)] public string AggregateId { get; }

    /// <summary>The stream version the command was decided at.</summary>
    [Id(2)] public long Version { get; }

    /// <summary>The underlying error's message.</summary>
    [Id(3)] public string Reason { get; }

    /// <summary>The underlying error's type, e.g. <c>EventFold.WriterLockedException</c>.</summary>
    [Id(4)] public string CauseType { get; }
}
