using System.Text.Json;

namespace EventFold;

/// <summary>A state folded from a log's events, persisted as a snapshot so a reload only folds the new tail.</summary>
/// <typeparam name="TState">The state; serialized with System.Text.Json. Prefer immutable types (see remarks).</typeparam>
/// <remarks>
/// <para>
/// The first <see cref="Refresh"/> of an instance loads <c>views/&lt;name&gt;.snapshot.json</c> and verifies it against
/// the log: offset 0 is accepted as is; an offset past the end of <c>app.jsonl</c>, or a last-line hash that differs
/// from the line before the offset, discards the snapshot (it is deleted) and replays everything. Later refreshes
/// fold only what was appended since, after the same check of the in-memory position (one short read) and a check
/// that the archive did not grow; when the archive grew (another process rotated the log) the view replays the whole
/// history, and when the check fails (the log was rewritten) the refresh starts over like a first one. A snapshot is saved
/// (atomically and durably, see <see cref="SnapshotFile.Save{T}"/>) only when a refresh folded at least one event.
/// </para>
/// <para>
/// Failure atomicity: when the reducer or the reader throws, <see cref="State"/>, <see cref="Offset"/> and
/// <see cref="Hash"/> keep their previous values and the exception propagates; nothing is saved. This relies on the
/// reducer returning new states rather than mutating the one it was given. If only the snapshot save fails, the new
/// state is kept in memory (the snapshot is a cache) and the save error propagates.
/// </para>
/// <para>
/// Known limit inherited from the format: a snapshot with offset 0 is trusted on load without any check, so a view
/// that is not registered with the writer when it rotates should not rely on a snapshot saved at offset 0.
/// </para>
/// <para>
/// Rotation by another process: a refresh that overlapped a truncation of <c>app.jsonl</c> (detected from the archive
/// size, the rotation journal and the active size, see <see cref="EventReader.ReadConsistently{T}"/>) is discarded and redone, so the reducer
/// must be pure (it may run more than once per event). After 10 such attempts an <see cref="EventFoldException"/> is
/// thrown. Rotations done by the writer in this process with the view registered never overlap a refresh.
/// </para>
/// <para>
/// Differences from Rust: the snapshot check hashes the full line before the offset (Rust hashes at most its last
/// 8 KiB, so it rebuilds every view whose last event line is longer than that on each load); a full replay sets the
/// offset to the end of the last complete line rather than the file size (which can include a torn tail or a line
/// appended after the read); later refreshes re-check their position (Rust trusts memory and reads a rotated log from a
/// stale offset); a failing refresh leaves the previous state instead of the default; a rejected snapshot is deleted;
/// the reducer may be any delegate, not only a function pointer.
/// </para>
/// <para>Not thread-safe: one thread at a time per instance.</para>
/// </remarks>
public sealed class View<TState> : IView
{
    private readonly TState initial;
    private readonly Func<TState, Event, TState> reduce;
    private readonly JsonSerializerOptions? json;
    private bool loaded;
    private string? archivePath;
    private long archiveLength;

    /// <summary>Creates a view; nothing is read until the first <see cref="Refresh"/>.</summary>
    /// <param name="name">The view's name, used verbatim as the snapshot file name stem; must not contain path separators.</param>
    /// <param name="viewsDirectory">The directory holding snapshots, normally <see cref="EventWriter.ViewsDirectory"/>.</param>
    /// <param name="initial">The state before any event (Rust's <c>S::default()</c>).</param>
    /// <param name="reduce">Folds one event into the state; must be deterministic and should not mutate its input.</param>
    /// <param name="json">Serializer options for the state in the snapshot.</param>
    public View(string name, string viewsDirectory, TState initial, Func<TState, Event, TState> reduce, JsonSerializerOptions? json = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(viewsDirectory);
        ArgumentNullException.ThrowIfNull(reduce);
        if (name.IndexOfAny(['/', '\\', '\0']) >= 0 || name is "." or "..")
        {
            throw new ArgumentException("A view name must be a plain file name stem.", nameof(name));
        }

        Name = name;
        SnapshotPath = Path.Combine(viewsDirectory, name + ".snapshot.json");
        this.initial = initial;
        this.reduce = reduce;
        this.json = json;
        State = initial;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>The snapshot file: <c>&lt;viewsDirectory&gt;/&lt;name&gt;.snapshot.json</c>.</summary>
    public string SnapshotPath { get; }

    /// <summary>The folded state as of the last successful refresh (the initial state before the first one).</summary>
    public TState State { get; private set; }

    /// <summary>Byte offset in the current <c>app.jsonl</c> just after the last folded line.</summary>
    public long Offset { get; private set; }

    /// <summary>Line hash of the last folded line, <c>""</c> if none (or after a rotation reset).</summary>
    public string Hash { get; private set; } = "";

    /// <summary>How many events the last successful refresh or rebuild folded (0 for a snapshot load with no new tail).</summary>
    public long EventsFoldedLastRefresh { get; private set; }

    /// <summary>Brings the state up to date with the log.</summary>
    /// <param name="reader">The reader of the log the view folds.</param>
    /// <returns>The new state.</returns>
    /// <exception cref="CorruptLogException">A line of the active log is malformed.</exception>
    /// <exception cref="CorruptArchiveException">A full replay met a corrupt archive.</exception>
    /// <exception cref="EventFoldException">The log was rotated by another process during every attempt.</exception>
    public TState Refresh(EventReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return Commit(reader.ReadConsistently(committed => Compute(reader, committed) with { ArchiveLength = committed }), reader);
    }

    /// <summary>Deletes the snapshot and folds the whole history (archive, then active log) from the initial state.</summary>
    /// <param name="reader">The reader of the log the view folds.</param>
    /// <returns>The new state.</returns>
    public TState Rebuild(EventReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        SnapshotFile.Delete(SnapshotPath);
        return Commit(reader.ReadConsistently(committed => Replay(reader) with { ArchiveLength = committed }), reader);
    }

    /// <inheritdoc />
    void IView.Refresh(EventReader reader) => Refresh(reader);

    /// <inheritdoc />
    /// <remarks>
    /// A view that was never refreshed has no trustworthy position: its snapshot is deleted instead, so its next
    /// refresh replays the whole history.
    /// </remarks>
    public void ResetAfterRotation()
    {
        if (!loaded)
        {
            SnapshotFile.Delete(SnapshotPath);
            return;
        }

        // Memory first: even if the save fails, this instance must not read the new app.jsonl from a stale offset.
        Offset = 0;
        Hash = "";
        archiveLength = ArchiveFile.Length(archivePath!); // the frame just appended holds what this view folded
        SnapshotFile.Save(SnapshotPath, new Snapshot<TState>(State, 0, ""), json);
    }

    private Fold Compute(EventReader reader, long committedArchiveLength)
    {
        if (loaded && committedArchiveLength != archiveLength)
        {
            // Rotated by another party since the last refresh: events may have moved from app.jsonl into the archive
            // without this view seeing them, and even offset 0 no longer means "nothing missed". The snapshot on disk
            // is this instance's own, just as stale.
            SnapshotFile.Delete(SnapshotPath);
            return Replay(reader);
        }

        if (loaded && IsValid(Offset, Hash, reader))
        {
            return FoldActive(reader, new Fold(State, Offset, Hash, 0));
        }

        // First refresh, or app.jsonl rewritten under this instance.
        Snapshot<TState>? snapshot = SnapshotFile.TryLoad<TState>(SnapshotPath, json);
        if (snapshot is not null && IsValid(snapshot.Offset, snapshot.Hash, reader))
        {
            return FoldActive(reader, new Fold(snapshot.State, snapshot.Offset, snapshot.Hash, 0));
        }

        SnapshotFile.Delete(SnapshotPath);
        return Replay(reader);
    }

    private static bool IsValid(long offset, string hash, EventReader reader) =>
        offset == 0 || (offset <= reader.ActiveLogSize() && reader.ReadLineHashBefore(offset) == hash);

    private Fold Replay(EventReader reader)
    {
        var fold = new Fold(initial, 0, "", 0);
        foreach (HistoryRecord record in reader.ReadFull())
        {
            if (!record.Archived)
            {
                break; // the active log is read with offsets below
            }

            fold = new Fold(reduce(fold.State, record.Event), 0, record.LineHash, fold.Count + 1);
        }

        return FoldActive(reader, fold);
    }

    private Fold FoldActive(EventReader reader, Fold fold)
    {
        foreach (EventRecord record in reader.ReadFrom(fold.Offset))
        {
            fold = new Fold(reduce(fold.State, record.Event), record.EndOffset, record.LineHash, fold.Count + 1);
        }

        return fold;
    }

    private TState Commit(Fold fold, EventReader reader)
    {
        archivePath = reader.ArchivePath;
        archiveLength = fold.ArchiveLength;
        State = fold.State;
        Offset = fold.Offset;
        Hash = fold.Hash;
        EventsFoldedLastRefresh = fold.Count;
        loaded = true;
        if (fold.Count > 0)
        {
            SnapshotFile.Save(SnapshotPath, new Snapshot<TState>(fold.State, fold.Offset, fold.Hash), json);
        }

        return fold.State;
    }

    /// <summary>A fold result; <paramref name="ArchiveLength"/> is the committed archive size observed before the read.</summary>
    private readonly record struct Fold(TState State, long Offset, string Hash, long Count, long ArchiveLength = -1);
}
