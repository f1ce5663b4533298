namespace EventFold;

/// <summary>Base type of every error raised by the EventFold log, view and archive code.</summary>
/// <remarks>
/// Derives from <see cref="IOException"/> because every failure is ultimately about files on disk; callers that only
/// care about "the storage failed" can catch <see cref="IOException"/>.
/// </remarks>
public class EventFoldException : IOException
{
    /// <summary>Creates an error with a message.</summary>
    /// <param name="message">What failed, naming the file and offset where known.</param>
    public EventFoldException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an error with a message and the underlying cause.</summary>
    /// <param name="message">What failed, naming the file and offset where known.</param>
    /// <param name="innerException">The underlying cause.</param>
    public EventFoldException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
