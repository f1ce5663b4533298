using EventFold.Orleans.Diagnostics;
using Microsoft.Extensions.Logging;
using Orleans.EventSourcing;

namespace EventFold.Orleans.Provider;

/// <summary>
/// Brings a <see cref="JournalCursor{TView}"/> up to date with the files: a valid snapshot plus the log tail, the
/// tail alone, or the whole stream (archive, then the active log) when the log no longer continues the cursor.
/// </summary>
/// <remarks>Every fold goes through the grain's own transition; a line that does not decode or a fold that throws propagates.</remarks>
internal sealed class StreamReplay<TView, TEntry>(
    StreamIdentity stream,
    ILogViewAdaptorHost<TView, TEntry> host,
    IEntryCodec<TEntry> codec,
    StreamSnapshots<TView> snapshots,
    ILogger logger)
    where TView : class, new()
    where TEntry : class
{
    private readonly EventReader _reader = new(stream.Directory);

    /// <summary>Whether the stream has an active log file (a new stream has none: there is nothing to read).</summary>
    public bool HasLog => File.Exists(LogPaths.Log(stream.Directory));

    /// <summary>First load: the snapshot and the tail after it, or everything. Returns the events folded and the snapshot's version (0 without one).</summary>
    public (long Folded, int SnapshotVersion) Load(JournalCursor<TView> cursor, Func<TView> initial)
    {
        if (!HasLog)
        {
            ThrowIfHistoryWithoutLog();
            return (0, 0);
        }

        var archiveLength = CommittedArchiveLength();
        var snapshot = snapshots.TryLoad(_reader, archiveLength);
        if (snapshot is null)
        {
            return (FullReplay(cursor, initial, archiveLength), 0);
        }

        cursor.View = snapshot.State.View;
        cursor.Version = checked((int)snapshot.State.Version);
        cursor.Advance(snapshot.Offset, snapshot.Hash);
        cursor.ArchiveLength = archiveLength;
        return (FoldTail(cursor), cursor.Version);
    }

    /// <summary>Later reads: the tail after the cursor, or everything when the log changed under it (rotated or rewritten elsewhere).</summary>
    public long CatchUp(JournalCursor<TView> cursor, Func<TView> initial)
    {
        var archiveLength = CommittedArchiveLength();
        if (archiveLength != cursor.ArchiveLength)
        {
            // Rotated by another writer: events may have moved into the archive unseen, and offset 0 proves nothing.
            Log.SnapshotIgnored(logger, stream.ToString(), "the log was rotated since the loaded position");
            return FullReplay(cursor, initial, archiveLength);
        }

        // The hash is null past the end of the file, so this also catches a log that shrank.
        if (cursor.Offset > 0 && _reader.ReadLineHashBefore(cursor.Offset) != cursor.Hash)
        {
            Log.SnapshotIgnored(logger, stream.ToString(), "the active log no longer continues the loaded position");
            return FullReplay(cursor, initial, archiveLength);
        }

        return HasLog ? FoldTail(cursor) : 0;
    }

    /// <summary>The entries with versions in [<paramref name="from"/>, <paramref name="to"/>), archive included.</summary>
    public IReadOnlyList<TEntry> Segment(int from, int to)
    {
        if (to <= from || !HasLog)
        {
            return [];
        }

        return [.. _reader.ReadFull().Skip(from).Take(to - from).Select(r => codec.Decode(r.Event))];
    }

    private long FullReplay(JournalCursor<TView> cursor, Func<TView> initial, long archiveLength)
    {
        cursor.Reset(initial(), archiveLength);
        long folded = 0;
        foreach (var record in _reader.ReadFull().TakeWhile(r => r.Archived))
        {
            Fold(cursor, record.Event);
            folded++;
        }

        return folded + FoldTail(cursor);
    }

    /// <summary>The archive bytes that belong to the history now (less than the file while a rotation is unsettled).</summary>
    private long CommittedArchiveLength() => _reader.CommittedArchiveLength();

    /// <summary>
    /// Without <c>app.jsonl</c> a stream is new only if nothing else is there either: an archive or a snapshot means the
    /// log was lost, and starting empty would renumber events from zero and apply old command ids again.
    /// </summary>
    private void ThrowIfHistoryWithoutLog()
    {
        _reader.ThrowIfActiveLogLost();
        if (File.Exists(stream.SnapshotPath))
        {
            throw new CorruptLogException(
                LogPaths.Log(stream.Directory),
                0,
                $"app.jsonl is missing but '{stream.SnapshotPath}' shows that {stream} has events; restore app.jsonl from a backup " +
                "(or, to give the stream up, delete its directory)");
        }
    }

    private long FoldTail(JournalCursor<TView> cursor)
    {
        long folded = 0;
        foreach (var record in _reader.ReadFrom(cursor.Offset))
        {
            Fold(cursor, record.Event);
            cursor.Advance(record.EndOffset, record.LineHash);
            folded++;
        }

        return folded;
    }

    private void Fold(JournalCursor<TView> cursor, Event stored)
    {
        host.UpdateView(cursor.View, codec.Decode(stored));
        cursor.Version++;
    }
}
