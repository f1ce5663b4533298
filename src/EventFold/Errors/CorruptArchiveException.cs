namespace EventFold;

/// <summary>The zstd archive could not be decoded (truncated or corrupt frame, or a bad line inside it).</summary>
public sealed class CorruptArchiveException : EventFoldException
{
    /// <summary>Creates the error.</summary>
    /// <param name="filePath">The archive file.</param>
    /// <param name="reason">What is wrong.</param>
    /// <param name="innerException">The decoder or parser error, if any.</param>
    public CorruptArchiveException(string filePath, string reason, Exception? innerException = null)
        : base($"corrupt archive '{filePath}': {reason}", innerException)
    {
        FilePath = filePath;
        Reason = reason;
    }

    /// <summary>The archive file.</summary>
    public string FilePath { get; }

    /// <summary>What is wrong with the archive.</summary>
    public string Reason { get; }
}
