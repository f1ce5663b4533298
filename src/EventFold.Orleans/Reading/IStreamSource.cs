namespace EventFold.Orleans.Reading;

/// <summary>
/// The narrow read side of the store: list the streams of a type, read a stream from a cursor, and tell whether a
/// cursor is at a stream's current end. Projections (and later other readers) use only this, never paths.
/// </summary>
/// <remarks>Today one implementation reads the eventfold files (<see cref="FileStreamSource"/>); the signatures carry no file-system notions.</remarks>
public interface IStreamSource
{
    /// <summary>The ids of the streams of one aggregate type, in creation order.</summary>
    /// <param name="aggregateType">The aggregate type name.</param>
    /// <returns>A snapshot of the list.</returns>
    IReadOnlyList<string> ListStreams(string aggregateType);

    /// <summary>Whether <paramref name="cursor"/> is at the stream's current end (nothing newer to read).</summary>
    /// <param name="aggregateType">The aggregate type name.</param>
    /// <param name="id">The stream id.</param>
    /// <param name="cursor">A cursor returned by <see cref="Read"/>, or <see cref="StreamCursor.Start"/>.</param>
    /// <returns><see langword="true"/> when there is nothing after the cursor; <see langword="false"/> when there may be.</returns>
    bool IsAtEnd(string aggregateType, string id, StreamCursor cursor);

    /// <summary>The events after <paramref name="cursor"/>, oldest first, each with the cursor just after it.</summary>
    /// <param name="aggregateType">The aggregate type name.</param>
    /// <param name="id">The stream id.</param>
    /// <param name="cursor">Where the caller stands.</param>
    /// <returns>Complete events only, all from one consistent view of the stream even while its writer appends or rotates it
    /// (the file implementation reads the range before returning it).</returns>
    /// <exception cref="StreamDivergedException">The stream no longer holds the event the cursor stands after (it was rewritten).</exception>
    IEnumerable<StoredStreamEvent> Read(string aggregateType, string id, StreamCursor cursor);
}
