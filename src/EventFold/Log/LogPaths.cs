namespace EventFold;

/// <summary>The fixed file names inside one log directory (the Rust crate's layout).</summary>
internal static class LogPaths
{
    /// <summary>The active log.</summary>
    internal const string LogFileName = "app.jsonl";

    /// <summary>The archive of rotated logs.</summary>
    internal const string ArchiveFileName = "archive.jsonl.zst";

    /// <summary>The snapshot directory.</summary>
    internal const string ViewsDirectoryName = "views";

    internal static string Log(string directory) => Path.Combine(directory, LogFileName);

    internal static string Archive(string directory) => Path.Combine(directory, ArchiveFileName);

    internal static string Views(string directory) => Path.Combine(directory, ViewsDirectoryName);
}
