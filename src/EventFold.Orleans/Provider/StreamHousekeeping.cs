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
    private bool _rotatedSinceSnapshot;

    /// <summary>The version of the snapshot last loaded or saved (0 without one).</summary>
    public long SnapshotVersion { get; set; }

    /// <summary>Whether the active log is full: the append just written must be followed by a rotation.</summary>
    public bool RotationDue(JournalCursor<TView> cursor) => options.MaxActiveLogBytes > 0 && cursor.Offset >= options.MaxActiveLogBytes;

    /// <summary>
    /// Rotates the full active log on <paramref name="io"/> and moves the cursor to the start of the emptied log; the
    /// cursor is updated back on the caller's (grain's) scheduler. A snapshot is then due (see <see cref="SnapshotIfDueAsync"/>).
    /// </summary>
    /// <returns><see langword="false"/> when the rotation failed: the writer may be faulted and must be reopened.</returns>
    public async Task<bool> RotateAsync(JournalCursor<TView> cursor, WriterLease lease, SyncThreads io)
    {
        try
        {
            var archiveLength = await io.RunAsync(() =>
                lease.Use(w => w.Rotate()) ? ArchiveFile.Length(LogPaths.Archive(stream.Directory)) : (long?)null);
            if (archiveLength is { } length)
            {
                cursor.Advance(0, "");
                cursor.ArchiveLength = length;
                _rotatedSinceSnapshot = true;
                Log.Rotated(logger, stream.ToString(), cursor.Version);
            }

            return true;
        }
        catch (Exception e)
        {
            Log.RotationFailed(logger, e, stream.ToString(), cursor.Version);
            return false;
        }
    }

    /// <summary>
    /// Saves a snapshot after a rotation or per policy, without blocking the grain turn: the view is copied now (on
    /// the caller's scheduler) and the file written on <paramref name="io"/>. The caller must not start another save,
    /// nor write, read or move the cursor, until the returned task completes.
    /// </summary>
    /// <param name="cursor">The confirmed position.</param>
    /// <param name="io">Dedicated threads for the blocking work.</param>
    /// <param name="copy">Copies the view (the snapshot is written while later commands fold into the live one).</param>
    public async Task SnapshotIfDueAsync(JournalCursor<TView> cursor, SyncThreads io, Func<TView, TView> copy)
    {
        if (_rotatedSinceSnapshot || (options.SnapshotEveryEvents > 0 && cursor.Version - SnapshotVersion >= options.SnapshotEveryEvents))
        {
            _rotatedSinceSnapshot = false;
            await SaveAsync(cursor, io, copy);
        }
    }

    /// <summary><see cref="OnDeactivation"/> with the file written on <paramref name="io"/>.</summary>
    public async Task OnDeactivationAsync(JournalCursor<TView> cursor, SyncThreads io, Func<TView, TView> copy)
    {
        if (options.SnapshotOnDeactivation && cursor.Version > SnapshotVersion)
        {
            await SaveAsync(cursor, io, copy);
        }
    }

    private async Task SaveAsync(JournalCursor<TView> cursor, SyncThreads io, Func<TView, TView> copy)
    {
        // Taken now, on the grain's scheduler: the view, its version and position must describe the same moment.
        var state = new SnapshotState<TView>(cursor.Version, copy(cursor.View), cursor.ArchiveLength);
        var snapshot = new Snapshot<SnapshotState<TView>>(state, cursor.Offset, cursor.Hash);
        if (await io.RunAsync(() => snapshots.Save(snapshot)))
        {
            SnapshotVersion = Math.Max(SnapshotVersion, state.Version);
            EventFoldTelemetry.SnapshotsSaved.Add(1, typeTag);
        }
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
