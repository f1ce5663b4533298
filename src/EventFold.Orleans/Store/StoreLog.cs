using Microsoft.Extensions.Logging;

namespace EventFold.Orleans.Store;

/// <summary>The store's structured log messages (ids 100-199).</summary>
internal static partial class StoreLog
{
    [LoggerMessage(101, LogLevel.Warning, "Stream {AggregateType}/{Id} has events in {Directory} but no registry line (registry lost, deleted or restored from an older copy); registered it again")]
    public static partial void Reregistered(ILogger logger, string aggregateType, string id, string directory);

    [LoggerMessage(102, LogLevel.Warning, "{Directory} is not a stream directory (its name is not an aggregate type or an encoded stream id); ignored when rebuilding the registry")]
    public static partial void NotAStreamDirectory(ILogger logger, string directory);
}
