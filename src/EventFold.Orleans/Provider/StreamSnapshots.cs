using System.Text.Json;
using EventFold.Orleans.Diagnostics;
using Microsoft.Extensions.Logging;

namespace EventFold.Orleans.Provider;

/// <summary>
/// Loads and saves one stream's <c>views/state.snapshot.json</c> (the Rust eventfold snapshot format, with
/// <see cref="SnapshotState{TView}"/> as its state) and checks that a snapshot still matches the log and the archive.
/// </summary>
/// <remarks>A snapshot is only a cache: no failure to load or save one ever fails a read or a write.</remarks>
internal sealed class StreamSnapshots<TView>(StreamIdentity stream, JsonSerializerOptions json, ILogger logger)
{
    private bool _unsupported;

    /// <summary>
    /// The snapshot, when it exists, parses, continues the current active log and was taken at the archive's current
    /// committed length <paramref name="archiveLength"/>; otherwise <see langword="null"/>. Removes a stale <c>.tmp</c>.
    /// </summary>
    public Snapshot<SnapshotState<TView>>? TryLoad(EventReader reader, long archiveLength)
    {
        SnapshotFile.DeleteStaleTemporary(stream.SnapshotPath);
        Snapshot<SnapshotState<TView>>? snapshot;
        try
        {
            snapshot = SnapshotFile.TryLoad<SnapshotState<TView>>(stream.SnapshotPath, json);
        }
        catch (Exception e)
        {
            // Unreadable, or a view type System.Text.Json refuses (NotSupported, InvalidOperation): replay instead.
            Log.SnapshotIgnored(logger, stream.ToString(), e.Message);
            return null;
        }

        if (snapshot is null)
        {
            return null;
        }

        var reason = snapshot switch
        {
            { State: null } or { State.View: null } => "it holds no state",
            { State.Version: < 0 } or { Offset: < 0 } => "it has a negative version or offset",
            // Written by an earlier release: it cannot prove which archive it continues, and it may lack public fields
            // that release did not store. Replaying once is cheap next to a state that is silently wrong.
            { State.ArchiveLength: null } =>
                "it was written by an earlier release (no archive length, public fields possibly missing); the log is replayed once",
            { State.ArchiveLength: { } covered } when covered != archiveLength =>
                $"it continues an archive of {covered} bytes, the archive now has {archiveLength} (a rotation after it saved no snapshot)",
            { Offset: > 0 } when snapshot.Offset > reader.ActiveLogSize() => "its offset is past the end of the log",
            { Offset: > 0 } when reader.ReadLineHashBefore(snapshot.Offset) != snapshot.Hash => "the log line before its offset has another hash",
            _ => null,
        };
        if (reason is null)
        {
            return snapshot;
        }

        Log.SnapshotIgnored(logger, stream.ToString(), reason);
        return null;
    }

    /// <summary>Saves atomically; never throws: a failure is logged and reported as <see langword="false"/>, the events stay safe in the log.</summary>
    /// <remarks>Runs after events are on disk, so an exception here must not fail or hang the command that wrote them.</remarks>
    public bool Save(Snapshot<SnapshotState<TView>> snapshot)
    {
        if (_unsupported)
        {
            return false;
        }

        try
        {
            SnapshotFile.Save(stream.SnapshotPath, snapshot, json);
            return true;
        }
        catch (Exception e) when (e is NotSupportedException or JsonException or InvalidOperationException)
        {
            // The view type cannot be written as JSON (e.g. colliding property names): loading replays the log. Say it once.
            _unsupported = true;
            Log.SnapshotFailed(logger, e, stream.ToString(), snapshot.State.Version);
            return false;
        }
        catch (Exception e)
        {
            Log.SnapshotFailed(logger, e, stream.ToString(), snapshot.State.Version);
            return false;
        }
    }
}
