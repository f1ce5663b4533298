using Microsoft.Extensions.Logging;

namespace EventFold.Orleans.Diagnostics;

/// <summary>The runtime's structured log messages.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Debug, "Loaded {Stream}: version {Version}, snapshot at version {SnapshotVersion}, {Folded} events folded from the log")]
    public static partial void Loaded(ILogger logger, string stream, long version, long snapshotVersion, long folded);

    [LoggerMessage(2, LogLevel.Warning, "Snapshot of {Stream} ignored ({Reason}); replaying the whole stream")]
    public static partial void SnapshotIgnored(ILogger logger, string stream, string reason);

    [LoggerMessage(3, LogLevel.Error, "Reading {Stream} failed at version {Version}")]
    public static partial void ReadFailed(ILogger logger, Exception exception, string stream, long version);

    [LoggerMessage(4, LogLevel.Error, "Writing {Count} events to {Stream} at version {Version} failed")]
    public static partial void WriteFailed(ILogger logger, Exception exception, string stream, int count, long version);

    [LoggerMessage(5, LogLevel.Warning, "Saving the snapshot of {Stream} at version {Version} failed; the events are safe, loading will replay more of them")]
    public static partial void SnapshotFailed(ILogger logger, Exception exception, string stream, long version);

    [LoggerMessage(6, LogLevel.Information, "Rotated {Stream} at version {Version}: the active log went to the archive")]
    public static partial void Rotated(ILogger logger, string stream, long version);

    [LoggerMessage(7, LogLevel.Warning, "Rotating {Stream} at version {Version} failed; the events are safe and rotation will be tried again")]
    public static partial void RotationFailed(ILogger logger, Exception exception, string stream, long version);

    [LoggerMessage(8, LogLevel.Debug, "Append to {Stream} at version {Version} conflicted; caught up to version {NewVersion}")]
    public static partial void Conflict(ILogger logger, string stream, long version, long newVersion);
}
