using EventFold.Orleans.Diagnostics;
using EventFold.Orleans.Hosting;
using EventFold.Orleans.Store;
using Microsoft.Extensions.Logging;

namespace EventFold.Orleans.Provider;

/// <summary>
/// What follows a stream's appends: rotation when the active log is full, and snapshots per policy. It runs once the
/// events are on disk, so it never throws: a failure is logged and the log stays the truth.
/// </summary>
internal sealed class StreamHousekeeping<TView>(
    StreamIdentity stream,
    EventFoldOptions options,
    StreamSnapshots<TView> snapshots,
    ILogger logger,
    KeyValuePair<string, object?> typeTag)
{
    /// <summary>The version of the snapshot last loaded or saved (0 without one).</summary>
    public long SnapshotVersion { get; set; }

    /// <summary>After an append: rotates a full active log (then snapshots at offset 0), or snapshots per policy.</summary>
    /// <returns><see langword="false"/> when a rotation failed: the writer may be faulted and must be reopened.</returns>
    public bool AfterAppend(JournalCursor<TView> cursor, WriterLease lease)
    {
        if (options.MaxActiveLogBytes > 0 && cursor.Offset >= options.MaxActiveLogBytes)
        {
            try
            {
                if (lease.Use(w => w.Rotate()))
                {
                    cursor.Advance(0, "");
                    cursor.ArchiveLength = ArchiveFile.Length(LogPaths.Archive(stream.Directory));
                    Save(cursor);
                    Log.Rotated(logger, stream.ToString(), cursor.Version);
                }
            }
            catch (Exception e)
            {
                Log.RotationFailed(logger, e, stream.ToString(), cursor.Version);
                return false;
            }
        }
        else if (options.SnapshotEveryEvents > 0 && cursor.Version - SnapshotVersion >= options.SnapshotEveryEvents)
        {
            Save(cursor);
        }

        return true;
    }

    /// <summary>The snapshot on deactivation, when the policy asks for one and there are unsnapshotted events.</summary>
    public void OnDeactivation(JournalCursor<TView> cursor)
    {
        if (options.SnapshotOnDeactivation && cursor.Version > SnapshotVersion)
        {
            Save(cursor);
        }
    }

    private void Save(JournalCursor<TView> cursor)
    {
        var state = new SnapshotState<TView>(cursor.Version, cursor.View, cursor.ArchiveLength);
        if (snapshots.Save(new Snapshot<SnapshotState<TView>>(state, cursor.Offset, cursor.Hash)))
        {
            SnapshotVersion = cursor.Version;
            EventFoldTelemetry.SnapshotsSaved.Add(1, typeTag);
        }
    }
}
