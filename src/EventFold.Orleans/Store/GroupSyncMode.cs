namespace EventFold.Orleans.Store;

/// <summary>How the group committer makes one group of appends to different streams durable.</summary>
internal enum GroupSyncMode
{
    /// <summary>One <c>fdatasync</c> per written file, run in parallel on a few dedicated threads.</summary>
    EachFile,

    /// <summary>
    /// One <c>syncfs</c> on the store's file system for the whole group (Linux; elsewhere <see cref="EachFile"/>).
    /// A group that wrote to a single file still uses that file's <c>fdatasync</c>.
    /// </summary>
    FileSystem,
}
