namespace EventFold.Orleans.Reading;

/// <summary>A stream no longer holds the event a reader's cursor stands after: it was rewritten under the reader, which must rebuild.</summary>
public sealed class StreamDivergedException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="aggregateType">The aggregate type name.</param>
    /// <param name="id">The stream id.</param>
    /// <param name="cursor">The cursor that no longer matches.</param>
    public StreamDivergedException(string aggregateType, string id, StreamCursor cursor)
        : base($"The stream {aggregateType}/{id} no longer continues the cursor at version {cursor.Version} (offset {cursor.Offset}, hash '{cursor.Hash}'): it was rewritten; readers of it must rebuild.")
    {
        AggregateType = aggregateType;
        Id = id;
        Cursor = cursor;
    }

    /// <summary>The aggregate type name.</summary>
    public string AggregateType { get; }

    /// <summary>The stream id.</summary>
    public string Id { get; }

    /// <summary>The cursor that no longer matches.</summary>
    public StreamCursor Cursor { get; }
}
