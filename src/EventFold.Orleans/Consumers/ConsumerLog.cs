using Microsoft.Extensions.Logging;

namespace EventFold.Orleans.Consumers;

/// <summary>The structured log messages that projections and process managers share.</summary>
internal static partial class ConsumerLog
{
    [LoggerMessage(101, LogLevel.Error, "{Kind} {Consumer} failed on {Stream} (attempt {Attempt}{Stopped})")]
    public static partial void StreamFailed(ILogger logger, Exception exception, string kind, string consumer, string stream, int attempt, string stopped);

    [LoggerMessage(102, LogLevel.Warning, "{Kind} {Consumer} {Starts}: {Reason}")]
    public static partial void Rebuilding(ILogger logger, string kind, string consumer, string starts, string reason);

    [LoggerMessage(103, LogLevel.Error, "{Kind} {Consumer} could not save its checkpoint in {Directory}")]
    public static partial void CheckpointFailed(ILogger logger, Exception exception, string kind, string consumer, string directory);
}
