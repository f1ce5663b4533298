namespace EventFold;

/// <summary>Where an append (or a batch) landed in <c>app.jsonl</c>.</summary>
/// <param name="StartOffset">Offset of the first written line.</param>
/// <param name="EndOffset">Offset just after the LF of the last written line: the log's new size and the next line's start.</param>
/// <param name="LineHash">Hash of the last written line; with <paramref name="EndOffset"/> it is the version to pass to
/// <see cref="EventWriter.AppendIf"/>.</param>
public readonly record struct AppendResult(long StartOffset, long EndOffset, string LineHash);
