using System.Collections.Concurrent;

namespace EventFold;

/// <summary>Creation of a log directory tree, and making directory entries durable (the Rust crate never fsyncs directories).</summary>
/// <remarks>
/// A directory entry (a created file or subdirectory) survives a power loss only once its parent directory is fsynced.
/// The process that creates an entry fsyncs it; a later process cannot know whether that happened (the creator may have
/// crashed first), so in <see cref="Durability.Durable"/> mode every open that relies on an entry fsyncs the directory
/// holding it once per process (see <see cref="EnsureDurable"/>).
/// </remarks>
internal static class LogDirectory
{
    // Full paths this process fsynced (or created and fsynced): their current entries are durable, and entries this
    // process adds later are fsynced by the code that adds them.
    private static readonly ConcurrentDictionary<string, byte> DurableDirectories = new(StringComparer.Ordinal);

    /// <summary>
    /// Creates <paramref name="path"/> and its missing ancestors; with <paramref name="durable"/> each new directory and
    /// its parent are fsynced. Appends every created directory to <paramref name="created"/>, outermost first.
    /// </summary>
    internal static void Create(string path, List<string> created, bool durable)
    {
        var missing = new Stack<string>();
        for (string? p = path; p is not null && !Directory.Exists(p); p = Path.GetDirectoryName(p))
        {
            missing.Push(p);
        }

        while (missing.TryPop(out string? dir))
        {
            Directory.CreateDirectory(dir);
            if (durable)
            {
                string parent = Path.GetDirectoryName(dir)!;
                DurableFile.FsyncDirectory(dir);
                DurableFile.FsyncDirectory(parent);
                DurableDirectories.TryAdd(Path.TrimEndingDirectorySeparator(dir), 0);
                DurableDirectories.TryAdd(Path.TrimEndingDirectorySeparator(parent), 0);
            }

            created.Add(dir);
        }
    }

    /// <summary>
    /// Fsyncs <paramref name="directory"/> unless this process already did, so entries another (possibly crashed)
    /// process created in it survive a power loss before this process relies on them. One fsync per directory and process.
    /// </summary>
    /// <returns>Whether this call fsynced.</returns>
    internal static bool EnsureDurable(string directory)
    {
        string key = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        if (DurableDirectories.ContainsKey(key))
        {
            return false;
        }

        DurableFile.FsyncDirectory(key);
        DurableDirectories.TryAdd(key, 0);
        return true;
    }

    /// <summary>Makes a newly created file's entry durable: flush the file, fsync its directory.</summary>
    internal static void MakeCreatedFileDurable(ActiveLogFile file, string directory)
    {
        DurableFile.FlushToDisk(file.Handle, LogPaths.Log(directory));
        DurableFile.FsyncDirectory(directory);
    }

    /// <summary>Test hook: forgets which directories this process made durable, as a new process would.</summary>
    internal static void ForgetDurableDirectoriesForTesting() => DurableDirectories.Clear();
}
