using System.Text.Json;
using EventFold.Orleans.Diagnostics;
using Microsoft.Extensions.Logging;

namespace EventFold.Orleans.Provider;

/// <summary>
/// Loads and saves one stream's <c>views/state.snapshot.json</c> (the Rust eventfold snapshot format, with
/// <see cref="SnapshotState{TView}"/> as its state) and checks that a snapshot still matches the log.
/// </summary>
internal sealed class StreamSnapshots<TView>(StreamIdentity stream, JsonSerializerOptions json, ILogger logger)
{
    private bool _unsupported;

    /// <summary>The snapshot, when it exists, parses and continues the current active log; otherwise <see langword="null"/>.</summary>
    public Snapshot<SnapshotState<TView>>? TryLoad(EventReader reader)
    {
        Snapshot<SnapshotState<TView>>? snapshot;
        try
        {
            snapshot = SnapshotFile.TryLoad<SnapshotState<TView>>(stream.SnapshotPath, json);
        }
        catch (Exception e) when (e is IOException or JsonException or NotSupportedException)
        {
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

    /// <summary>Saves atomically; a failure is logged and reported as <see langword="false"/>: the events stay safe in the log.</summary>
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
        catch (Exception e) when (e is NotSupportedException or JsonException)
        {
            // The view cannot be written as JSON: loading will replay the log instead. Say it once.
            _unsupported = true;
            Log.SnapshotFailed(logger, e, stream.ToString(), snapshot.State.Version);
            return false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.SnapshotFailed(logger, e, stream.ToString(), snapshot.State.Version);
            return false;
        }
    }
}
