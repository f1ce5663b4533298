namespace EventFold;

/// <summary>The fixed file names inside one log directory (the Rust crate's layout), for tools and hosts that locate them.</summary>
public static class LogPaths
{
    /// <summary>The active log.</summary>
    public const string LogFileName = "app.jsonl";

    /// <summary>The archive of rotated logs.</summary>
    public const string ArchiveFileName = "archive.jsonl.zst";

    /// <summary>The snapshot directory.</summary>
    public const string ViewsDirectoryName = "views";

    /// <summary>The active log of a log directory.</summary>
    /// <param name="directory">The log directory.</param>
    /// <returns><c>&lt;directory&gt;/app.jsonl</c>.</returns>
    public static string Log(string directory) => Path.Combine(directory, LogFileName);

    /// <summary>The archive of a log directory.</summary>
    /// <param name="directory">The log directory.</param>
    /// <returns><c>&lt;directory&gt;/archive.jsonl.zst</c>.</returns>
    public static string Archive(string directory) => Path.Combine(directory, ArchiveFileName);

    /// <summary>The snapshot directory of a log directory.</summary>
    /// <param name="directory">The log directory.</param>
    /// <returns><c>&lt;directory&gt;/views</c>.</returns>
    public static string Views(string directory) => Path.Combine(directory, ViewsDirectoryName);
}
