namespace EventFold;

/// <summary>Another writer (this process, another process, or the Rust crate) holds the lock on the log.</summary>
/// <remarks>Raised immediately by <c>EventWriter.Open</c>; opening never blocks waiting for the lock.</remarks>
public sealed class WriterLockedException : EventFoldException
{
    /// <summary>Creates the error for the log in <paramref name="directory"/>.</summary>
    /// <param name="directory">The log directory whose <c>app.jsonl</c> is locked.</param>
    /// <param name="innerException">The OS error, if any.</param>
    public WriterLockedException(string directory, Exception? innerException = null)
        : base($"another writer holds the lock on {Path.Combine(directory, "app.jsonl")}", innerException)
    {
        Directory = directory;
    }

    /// <summary>The log directory whose writer lock is held elsewhere.</summary>
    public string Directory { get; }
}
