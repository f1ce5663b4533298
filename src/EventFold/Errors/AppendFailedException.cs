namespace EventFold;

/// <summary>Writing or flushing an append failed (for example ENOSPC or EIO); the append was not acknowledged.</summary>
/// <remarks>
/// The writer truncates the log back to <see cref="Offset"/> before raising this, so no partial line or batch stays
/// behind. When <see cref="WriterFaulted"/> is <see langword="true"/> that was not possible (or the flush itself failed,
/// after which the OS page cache cannot be trusted): the writer refuses further appends until it is reopened, and the
/// next open repairs the tail.
/// </remarks>
public sealed class AppendFailedException : EventFoldException
{
    /// <summary>Creates the error.</summary>
    /// <param name="filePath">The log file.</param>
    /// <param name="offset">The offset the append started at (the log's end before it).</param>
    /// <param name="writerFaulted">Whether the writer is now unusable until reopened.</param>
    /// <param name="innerException">The I/O error.</param>
    public AppendFailedException(string filePath, long offset, bool writerFaulted, Exception? innerException)
        : base($"append to '{filePath}' at offset {offset} failed{(writerFaulted ? "; the writer is faulted until reopened" : "; the log was truncated back to that offset")}: {innerException?.Message}", innerException)
    {
        FilePath = filePath;
        Offset = offset;
        WriterFaulted = writerFaulted;
    }

    /// <summary>The log file.</summary>
    public string FilePath { get; }

    /// <summary>The offset the failed append started at.</summary>
    public long Offset { get; }

    /// <summary>Whether the writer refuses further appends until reopened.</summary>
    public bool WriterFaulted { get; }
}
