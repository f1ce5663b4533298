namespace EventFold;

/// <summary>How a <see cref="GroupCommitter"/> makes one group of appends to different logs durable.</summary>
public enum GroupSyncMode
{
    /// <summary>One <c>fdatasync</c> per written file, run in parallel on a few dedicated threads.</summary>
    EachFile,

    /// <summary>
    /// One <c>syncfs</c> on the committer's file system for the whole group (Linux; elsewhere <see cref="EachFile"/>).
    /// A group that wrote to a single file still uses that file's <c>fdatasync</c>.
    /// </summary>
    FileSystem,
}
