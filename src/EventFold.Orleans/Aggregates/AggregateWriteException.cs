namespace EventFold.Orleans.Aggregates;

/// <summary>
/// A command's events could not be written (disk full, permission denied, stream locked by another process, a
/// faulted journal). Nothing of the command is on disk and the aggregate still matches the disk.
/// </summary>
[GenerateSerializer, Alias("EventFold.AggregateWriteException")]
public sealed class AggregateWriteException : AggregateStreamException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="aggregateType">The aggregate type.</param>
    /// <param name="id">The aggregate id.</param>
    /// <param name="version">The stream version the command was decided at.</param>
    /// <param name="cause">The underlying error.</param>
    public AggregateWriteException(string aggregateType, string id, long version, Exception cause)
        : base($"Writing to {aggregateType}/{id} at version {version} failed: {cause.Message}", aggregateType, id, version, cause)
    {
    }
}
