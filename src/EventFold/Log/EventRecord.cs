namespace EventFold;

/// <summary>One event read from the active log with its position.</summary>
/// <param name="Event">The event.</param>
/// <param name="StartOffset">Offset of the line's first byte.</param>
/// <param name="EndOffset">Offset just after the line's LF (where reading should resume).</param>
/// <param name="LineHash">Hash of the stored line bytes.</param>
public readonly record struct EventRecord(Event Event, long StartOffset, long EndOffset, string LineHash);
