using Orleans.EventSourcing.Common;

namespace EventFold.Orleans.Provider;

/// <summary>
/// Reported to the grain (<c>OnConnectionIssue</c>) when reading or writing its stream failed. The provider does not
/// retry in the background: the failed command's caller gets the error, and the next command tries again.
/// </summary>
[GenerateSerializer, Alias("EventFold.StreamOperationFailed")]
public sealed class StreamOperationFailed : PrimaryOperationFailed
{
    /// <summary>Whether the failed operation was a write (otherwise a read).</summary>
    [Id(0)] public bool IsWrite { get; set; }

    /// <summary>The aggregate type of the stream.</summary>
    [Id(1)] public string AggregateType { get; set; } = "";

    /// <summary>The aggregate id of the stream.</summary>
    [Id(2)] public string StreamId { get; set; } = "";

    /// <summary>The stream's confirmed version when the operation failed.</summary>
    [Id(3)] public long Version { get; set; }
}
