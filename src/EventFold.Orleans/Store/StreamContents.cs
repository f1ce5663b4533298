namespace EventFold.Orleans.Store;

/// <summary>What a stream directory holds, probed with file metadata only (no reads, no locks).</summary>
internal static class StreamContents
{
    /// <summary>Whether the stream directory holds at least one event: a non-empty <c>app.jsonl</c> or archive.</summary>
    /// <param name="directory">The stream's log directory (it may not exist).</param>
    /// <returns><see langword="false"/> for a missing directory or one with only empty files.</returns>
    public static bool HasEvents(string directory) =>
        NonEmptyFile(LogPaths.Log(directory)) || NonEmptyFile(LogPaths.Archive(directory));

    private static bool NonEmptyFile(string path)
    {
        var file = new FileInfo(path);
        return file.Exists && file.Length > 0;
    }
}
