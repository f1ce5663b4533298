using EventFold.Orleans.Projections;
using Microsoft.Extensions.Logging;

namespace EventFold.Orleans.Consumers;

/// <summary>
/// When a consumer's state and cursors were last saved together and how many events it handled since; saves through the
/// <see cref="ProjectionCheckpointStore"/> (one format for projections and process managers).
/// </summary>
internal sealed class ConsumerCheckpoints(ConsumerKind kind, string name, TimeSpan interval, ProjectionCheckpointStore store, TimeProvider time, ILogger logger)
{
    /// <summary>The consumer's folder (checkpoint files, and a process manager's dead letters).</summary>
    public string Directory => store.Directory;

    /// <summary>Events handled since the last save.</summary>
    public long SinceCheckpoint { get; set; }

    /// <summary>When the last save happened, if any in this activation.</summary>
    public DateTimeOffset? LastCheckpoint { get; private set; }

    /// <summary>Whether events wait for a checkpoint and the checkpoint interval has passed since the last one.</summary>
    public bool DueByTime(DateTimeOffset now) =>
        SinceCheckpoint > 0 && (LastCheckpoint is null || now - LastCheckpoint >= interval);

    /// <summary>Saves <paramref name="state"/> with the cursors, unless nothing moved since the last save.</summary>
    /// <returns>The error to report when the save failed; <see langword="null"/> otherwise.</returns>
    public string? Save<TState>(TState state, StreamCursors cursors)
    {
        if (SinceCheckpoint == 0 && cursors.Dirty.Count == 0)
        {
            return null;
        }

        try
        {
            store.Save(state, cursors.All, cursors.Dirty);
            cursors.Saved();
            SinceCheckpoint = 0;
            LastCheckpoint = time.GetUtcNow();
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or System.Text.Json.JsonException)
        {
            // The events stay in the files: a failed save only means more to read again after a restart.
            ConsumerLog.CheckpointFailed(logger, e, kind.Title, name, store.Directory);
            return $"checkpoint failed: {e.Message}";
        }
    }

    /// <summary>Removes the checkpoint (the consumer starts over).</summary>
    public void Delete()
    {
        store.Delete();
        SinceCheckpoint = 0;
    }
}
