using Microsoft.Win32.SafeHandles;

namespace EventFold;

/// <summary>
/// Read-only access to a log directory's files for tools that check or display them byte by byte (the
/// <c>eventfold</c> command-line tool): lock-free opens, the line parser with its batch framing, and the rotation state.
/// </summary>
/// <remarks>Nothing here writes, creates or locks anything; everything works beside a running writer.</remarks>
public static class LogInspection
{
    /// <summary>The journal file a rotation in progress (or interrupted by a crash) leaves in the log directory.</summary>
    public const string RotationJournalFileName = RotationJournal.FileName;

    /// <summary>Opens a file for reading without taking any lock (on Unix no <c>flock</c>, unlike .NET's own opens).</summary>
    /// <param name="path">The file.</param>
    /// <returns>A read-only stream; it does not keep a writer out and is not kept out by one.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static FileStream OpenReadNoLock(string path) => DurableFile.OpenReadNoLock(path);

    /// <summary>Like <see cref="OpenReadNoLock"/>, as a raw handle for <see cref="RandomAccess"/> reads.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The handle.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static SafeFileHandle OpenReadHandleNoLock(string path) => DurableFile.OpenReadHandleNoLock(path);

    /// <summary>Parses one stored line (without its LF) exactly as the readers do.</summary>
    /// <param name="line">The line's bytes.</param>
    /// <param name="e">The event, when the line is valid.</param>
    /// <param name="batchRest">The line's <c>batch_rest</c> count: how many lines of its batch follow (0 for a line that ends an append).</param>
    /// <param name="error">Why the line is invalid, otherwise <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when the line is a valid event.</returns>
    public static bool TryParseLine(
        ReadOnlySpan<byte> line,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Event? e,
        out int batchRest,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error) =>
        EventLine.TryParse(line, out e, out batchRest, out error);

    /// <summary>
    /// The part of <c>archive.jsonl.zst</c> readers treat as committed: its length, or less while a rotation journal
    /// says the last frame is not committed yet.
    /// </summary>
    /// <param name="directory">The log directory.</param>
    /// <returns>The committed archive length in bytes (0 when there is no archive).</returns>
    public static long CommittedArchiveLength(string directory)
    {
        long length = ArchiveFile.Length(LogPaths.Archive(directory));
        return RotationJournal.TryRead(directory) is { } journal ? Math.Min(length, journal.CommittedArchiveEnd(directory)) : length;
    }
}
