namespace EventFold.Orleans.Aggregates;

/// <summary>
/// A command's events could not be written (disk full, permission denied, stream locked by another process, a
/// faulted journal). Nothing of the command is on disk and the aggregate still matches the disk.
/// </summary>
[GenerateSerializer, Alias("EventFold.AggregateWriteException")]
public sealed class AggregateWriteException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="aggregateType">The aggregate type.</param>
    /// <param name="id">The aggregate id.</param>
    /// <param name="version">The stream version the command was decided at.</param>
    /// <param name="reason">What failed.</param>
    /// <param name="inner">The underlying error.</param>
    public AggregateWriteException(string aggregateType, string id, long version, string reason, Exception? inner)
        : base($"Writing to {aggregateType}/{id} at version {version} failed: {reason}", inner)
    {
        AggregateType = aggregateType;
        AggregateId = id;
        Version = version;
        Reason = reason;
    }

    /// <summary>The aggregate type.</summary>
    [Id(0)] public string AggregateType { get; }

    /// <summary>The aggregate id.</summary>
    [Id(1)] public string AggregateId { get; }

    /// <summary>The stream version the command was decided at.</summary>
    [Id(2)] public long Version { get; }

    /// <summary>What failed, e.g. the underlying error's message.</summary>
    [Id(3)] public string Reason { get; }
}
