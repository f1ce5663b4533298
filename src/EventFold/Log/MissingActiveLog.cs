namespace EventFold;

/// <summary>
/// Refuses to treat a log directory without <c>app.jsonl</c> as a new, empty log when it holds history: neither this
/// library nor the Rust crate ever deletes <c>app.jsonl</c> (rotation truncates it in place), so its absence next to an
/// archive means damage, and starting over would renumber events from zero.
/// </summary>
internal static class MissingActiveLog
{
    /// <summary>Throws when <c>app.jsonl</c> of <paramref name="directory"/> is not a file and the directory holds history.</summary>
    /// <param name="directory">The log directory (full path).</param>
    /// <exception cref="CorruptLogException"><c>app.jsonl</c> is a directory, or is missing while the archive exists.</exception>
    internal static void ThrowIfHistoryExists(string directory)
    {
        string logPath = LogPaths.Log(directory);
        if (Directory.Exists(logPath))
        {
            throw new CorruptLogException(logPath, 0, "app.jsonl is a directory, not a file; move it away and restore the log file");
        }

        string archivePath = LogPaths.Archive(directory);
        if (!File.Exists(logPath) && (File.Exists(archivePath) || Directory.Exists(archivePath)))
        {
            throw new CorruptLogException(
                logPath,
                0,
                $"app.jsonl is missing but '{archivePath}' holds this log's history; restore app.jsonl from a backup, or create " +
                "an empty app.jsonl to continue from the archive alone (events appended after the last rotation are then lost)");
        }
    }
}
