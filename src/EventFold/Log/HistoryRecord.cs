namespace EventFold;

/// <summary>One event of the full history (archive, then active log). Archived events have no offsets.</summary>
/// <param name="Event">The event.</param>
/// <param name="LineHash">Hash of the stored line bytes.</param>
/// <param name="Archived"><see langword="true"/> when the event came from <c>archive.jsonl.zst</c>.</param>
public readonly record struct HistoryRecord(Event Event, string LineHash, bool Archived);
