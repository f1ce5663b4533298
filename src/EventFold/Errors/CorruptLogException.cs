namespace EventFold;

/// <summary>A complete line of the log could not be decoded as an event (bad JSON, wrong types, invalid UTF-8, CR before LF).</summary>
/// <remarks>Only a torn tail (a final segment without LF, or an unfinished batch) is skipped silently; anything else is this error.</remarks>
public sealed class CorruptLogException : EventFoldException
{
    /// <summary>Creates the error.</summary>
    /// <param name="filePath">The log file.</param>
    /// <param name="offset">Byte offset of the start of the bad line.</param>
    /// <param name="reason">What is wrong with the line.</param>
    /// <param name="innerException">The parser error, if any.</param>
    public CorruptLogException(string filePath, long offset, string reason, Exception? innerException = null)
        : base($"corrupt event line in '{filePath}' at offset {offset}: {reason}", innerException)
    {
        FilePath = filePath;
        Offset = offset;
        Reason = reason;
    }

    /// <summary>The log file containing the bad line.</summary>
    public string FilePath { get; }

    /// <summary>Byte offset of the start of the bad line (for archived lines: offset in the decompressed archive stream).</summary>
    public long Offset { get; }

    /// <summary>What is wrong with the line.</summary>
    public string Reason { get; }
}
