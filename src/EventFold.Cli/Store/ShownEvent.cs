namespace EventFold.Cli.Store;

/// <summary>One event of a stream as <c>show</c> prints it.</summary>
/// <param name="Version">Its 1-based position in the stream (archive included).</param>
/// <param name="Event">The event.</param>
/// <param name="LineHash">The hash of its stored line.</param>
/// <param name="Archived">Whether it came from the archive.</param>
/// <param name="StartOffset">Start of its line in <c>app.jsonl</c> (null for archived events).</param>
/// <param name="EndOffset">End of its line in <c>app.jsonl</c> (null for archived events).</param>
internal sealed record ShownEvent(long Version, Event Event, string LineHash, bool Archived, long? StartOffset, long? EndOffset);
