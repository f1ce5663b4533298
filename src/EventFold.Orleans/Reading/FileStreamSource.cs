using EventFold.Orleans.Store;

namespace EventFold.Orleans.Reading;

/// <summary>
/// <see cref="IStreamSource"/> over the eventfold files: the registry lists streams, <see cref="EventReader"/> reads them.
/// </summary>
/// <remarks>
/// <para>Fast path: a cursor whose offset and hash still match the active log reads only the tail after it.</para>
/// <para>Slow path (after a rotation moved the cursor's events into the archive, or a cursor that stands after an archived
/// event): the full history is read, the first <see cref="StreamCursor.Version"/> events are skipped, and the event before
/// the cursor must still carry the cursor's hash; otherwise the stream was rewritten and <see cref="StreamDivergedException"/> is thrown.</para>
/// <para>The stream's writer may rotate it during a read (a projection reads while the aggregate writes): a read that
/// straddles a rotation can miss the rotated events or read the next <c>app.jsonl</c> at the previous one's offsets. So
/// <see cref="Read"/> reads the whole range before returning it and reads again when a rotation truncated the log meanwhile.</para>
/// </remarks>
public sealed class FileStreamSource(EventFoldStore store) : IStreamSource
{
    /// <inheritdoc />
    public IReadOnlyList<string> ListStreams(string aggregateType) => store.ListIds(aggregateType);

    /// <inheritdoc />
    public bool IsAtEnd(string aggregateType, string id, StreamCursor cursor)
    {
        ArgumentNullException.ThrowIfNull(cursor);
        var reader = new EventReader(store.StreamDirectory(aggregateType, id));
        var size = reader.ActiveLogSize();
        if (cursor.Offset == 0)
        {
            // Before anything at all, or after an archived event: only an empty stream is certainly at its end.
            return cursor.Version == 0 && size == 0 && !File.Exists(reader.ArchivePath);
        }

        return size == cursor.Offset && reader.ReadLineHashBefore(cursor.Offset) == cursor.Hash;
    }

    /// <inheritdoc />
    /// <remarks>Returns a list read from one generation of the log (see the class remarks), never a lazy read of the files.</remarks>
    /// <exception cref="EventFoldException">(An <see cref="IOException"/>.) The stream was rotated during each of several attempts to read it.</exception>
    public IEnumerable<StoredStreamEvent> Read(string aggregateType, string id, StreamCursor cursor)
    {
        ArgumentNullException.ThrowIfNull(cursor);
        var reader = new EventReader(store.StreamDirectory(aggregateType, id));
        // A CorruptLogException or StreamDivergedException during a rotation (bytes of the next generation read at offsets
        // of the previous one, or a history cut short) is retried: a rotation, not a rewrite.
        return reader.ReadConsistently<List<StoredStreamEvent>>(_ => cursor.Offset > 0 && reader.ReadLineHashBefore(cursor.Offset) == cursor.Hash
            ? [.. ReadTail(reader, cursor)]
            : [.. ReadHistory(reader, aggregateType, id, cursor)]);
    }

    private static IEnumerable<StoredStreamEvent> ReadTail(EventReader reader, StreamCursor cursor)
    {
        var version = cursor.Version;
        foreach (var record in reader.ReadFrom(cursor.Offset))
        {
            version++;
            yield return new StoredStreamEvent(record.Event, new StreamCursor(version, record.EndOffset, record.LineHash));
        }
    }

    private static IEnumerable<StoredStreamEvent> ReadHistory(EventReader reader, string aggregateType, string id, StreamCursor cursor)
    {
        // The archive first, then the active log with its real offsets (the provider's full replay reads the same way).
        long version = 0;
        foreach (var record in reader.ReadFull().TakeWhile(r => r.Archived))
        {
            version++;
            if (Skip(version, record.LineHash, aggregateType, id, cursor))
            {
                continue;
            }

            yield return new StoredStreamEvent(record.Event, new StreamCursor(version, 0, record.LineHash));
        }

        foreach (var record in reader.ReadFrom(0))
        {
            version++;
            if (Skip(version, record.LineHash, aggregateType, id, cursor))
            {
                continue;
            }

            yield return new StoredStreamEvent(record.Event, new StreamCursor(version, record.EndOffset, record.LineHash));
        }

        if (version < cursor.Version)
        {
            throw new StreamDivergedException(aggregateType, id, cursor);
        }
    }

    /// <summary>Whether an event at <paramref name="version"/> is at or before the cursor; the one just before it must carry the cursor's hash.</summary>
    private static bool Skip(long version, string hash, string aggregateType, string id, StreamCursor cursor)
    {
        if (version == cursor.Version && hash != cursor.Hash)
        {
            throw new StreamDivergedException(aggregateType, id, cursor);
        }

        return version <= cursor.Version;
    }
}
