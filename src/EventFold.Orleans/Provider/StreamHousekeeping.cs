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
    public async Task<bool> RotateAsync(JournalCursor<TView> cursor, WriterLease lease, IoThreads io)
    {
        try
        {
            var archiveLength = await io.RunAsync(() =>
                lease.Use(w => w.Rotate() ? w.Reader.ArchiveLength() : (long?)null));
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
    public async Task SnapshotIfDueAsync(JournalCursor<TView> cursor, IoThreads io, Func<TView, TView> copy)
    {
        if (_rotatedSinceSnapshot || (options.SnapshotEveryEvents > 0 && cursor.Version - SnapshotVersion >= options.SnapshotEveryEvents))
        {
            _rotatedSinceSnapshot = false;
            await SaveAsync(cursor, io, copy);
        }
    }

    /// <summary><see cref="OnDeactivation"/> with the file written on <paramref name="io"/>.</summary>
    public async Task OnDeactivationAsync(JournalCursor<TView> cursor, IoThreads io, Func<TView, TView> copy)
    {
        if (DeactivationSnapshotDue(cursor))
        {
            await SaveAsync(cursor, io, copy);
        }
    }

    /// <summary>The snapshot on deactivation, when the policy asks for one and there are unsnapshotted events.</summary>
    public void OnDeactivation(JournalCursor<TView> cursor)
    {
        if (DeactivationSnapshotDue(cursor))
        {
            var snapshot = At(cursor, cursor.View);
            if (snapshots.Save(snapshot))
            {
                Saved(snapshot.State.Version);
            }
        }
    }

    private bool DeactivationSnapshotDue(JournalCursor<TView> cursor) => options.SnapshotOnDeactivation && cursor.Version > SnapshotVersion;

    private async Task SaveAsync(JournalCursor<TView> cursor, IoThreads io, Func<TView, TView> copy)
    {
        // Taken now, on the grain's scheduler: the view, its version and position must describe the same moment.
        var snapshot = At(cursor, copy(cursor.View));
        if (await io.RunAsync(() => snapshots.Save(snapshot)))
        {
            Saved(snapshot.State.Version);
        }
    }

    private static Snapshot<SnapshotState<TView>> At(JournalCursor<TView> cursor, TView view) =>
        new(new SnapshotState<TView>(cursor.Version, view, cursor.ArchiveLength), cursor.Offset, cursor.Hash);

    private void Saved(long version)
    {
        SnapshotVersion = Math.Max(SnapshotVersion, version);
        EventFoldTelemetry.SnapshotsSaved.Add(1, typeTag);
    }
}
