namespace EventFold;

/// <summary>Durable creation of a log directory tree (the Rust crate never fsyncs directories).</summary>
internal static class LogDirectory
{
    /// <summary>
    /// Creates <paramref name="path"/> and its missing ancestors, fsyncing each new directory and its parent so the
    /// entries survive power loss. Appends every created directory to <paramref name="created"/>, outermost first.
    /// </summary>
    internal static void CreateDurably(string path, List<string> created)
    {
        var missing = new Stack<string>();
        for (string? p = path; p is not null && !Directory.Exists(p); p = Path.GetDirectoryName(p))
        {
            missing.Push(p);
        }

        while (missing.TryPop(out string? dir))
        {
            Directory.CreateDirectory(dir);
            DurableFile.FsyncDirectory(dir);
            DurableFile.FsyncDirectory(Path.GetDirectoryName(dir)!);
            created.Add(dir);
        }
    }

    /// <summary>Makes a newly created file's entry durable: flush the file, fsync its directory.</summary>
    internal static void MakeCreatedFileDurable(ActiveLogFile file, string directory)
    {
        DurableFile.FlushToDisk(file.Handle);
        DurableFile.FsyncDirectory(directory);
    }
}
