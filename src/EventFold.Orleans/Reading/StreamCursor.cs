namespace EventFold.Orleans.Reading;

/// <summary>A reader's place in one stream: how many events it has seen, and the store's token for where they end.</summary>
/// <param name="Version">The number of events before the cursor.</param>
/// <param name="Offset">Store-specific position of the cursor (for the files: the byte offset in the active log).</param>
/// <param name="Hash">The line hash of the event just before the cursor, or "" at the start.</param>
[GenerateSerializer, Immutable, Alias("EventFold.StreamCursor")]
public sealed record StreamCursor(
    [property: Id(0)] long Version,
    [property: Id(1)] long Offset,
    [property: Id(2)] string Hash)
{
    /// <summary>Before the first event.</summary>
    public static StreamCursor Start { get; } = new(0, 0, "");
}
