namespace EventFold;

/// <summary>Makes renames, creations and deletions inside a directory durable, for tools that move log files (the <c>eventfold repair</c> command).</summary>
public static class DurableDirectory
{
    /// <summary>Flushes <paramref name="directory"/>'s entries to disk (fsync of the directory on Unix; nothing to do on Windows).</summary>
    /// <param name="directory">The directory whose entries changed.</param>
    public static void Fsync(string directory) => DurableFile.FsyncDirectory(directory);
}
