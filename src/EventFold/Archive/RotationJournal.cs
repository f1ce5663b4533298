using System.Text.Json;
using System.Text.Json.Serialization;

namespace EventFold;

/// <summary>
/// The marker <c>rotation.pending</c> that makes a rotation crash-safe: written durably before the archive frame is
/// appended, deleted after <c>app.jsonl</c> has been truncated.
/// </summary>
/// <param name="ArchiveSizeBefore">Archive size before the frame; the committed end of the archive until <c>app.jsonl</c> is truncated.</param>
/// <param name="FrameLength">Length of the compressed frame being appended.</param>
/// <param name="ActiveSize">Size of <c>app.jsonl</c> that the frame holds.</param>
/// <param name="ActiveLastHash">Line hash of the last line of that content.</param>
/// <remarks>
/// The Rust crate has no journal and duplicates events when it crashes between archiving and truncating. Here, while
/// the journal exists, the new frame only counts once <c>app.jsonl</c> no longer holds its events
/// (<see cref="CommittedArchiveEnd"/>; readers stop there), and <see cref="Recover"/> settles an interrupted rotation
/// at the next writer open: see <see cref="RotationRecovery"/>. The file is compact JSON with camelCase keys; the Rust
/// crate ignores it (a Rust writer opening such a directory would neither settle nor honour it).
/// </remarks>
internal sealed record RotationJournal(
    [property: JsonPropertyName("archiveSizeBefore")] long ArchiveSizeBefore,
    [property: JsonPropertyName("frameLength")] long FrameLength,
    [property: JsonPropertyName("activeSize")] long ActiveSize,
    [property: JsonPropertyName("activeLastHash")] string ActiveLastHash)
{
    /// <summary>The journal's file name inside a log directory.</summary>
    internal const string FileName = "rotation.pending";

    /// <summary>The journal path of log directory <paramref name="directory"/>.</summary>
    internal static string PathIn(string directory) => Path.Combine(directory, FileName);

    /// <summary>Reads the journal of <paramref name="directory"/>, or <see langword="null"/> when there is none.</summary>
    /// <exception cref="CorruptArchiveException">The journal exists but cannot be read (it is only ever replaced by rename, so this means outside damage).</exception>
    internal static RotationJournal? TryRead(string directory)
    {
        string path = PathIn(directory);
        if (!File.Exists(path))
        {
            return null; // the common case, answered by a stat instead of a failed open
        }

        byte[] bytes;
        try
        {
            using FileStream stream = DurableFile.OpenReadNoLock(path);
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            bytes = copy.ToArray();
        }
        catch (FileNotFoundException)
        {
            return null; // deleted since the stat: the rotation finished
        }

        RotationJournal? journal;
        try
        {
            journal = JsonSerializer.Deserialize<RotationJournal>(bytes);
        }
        catch (JsonException e)
        {
            throw new CorruptArchiveException(path, "unreadable rotation journal", e);
        }

        if (journal is null || journal.ActiveLastHash is null || journal.ArchiveSizeBefore < 0 || journal.FrameLength <= 0 || journal.ActiveSize <= 0)
        {
            throw new CorruptArchiveException(path, "invalid rotation journal");
        }

        return journal;
    }

    /// <summary>Writes the journal durably: temporary file, flush, rename, directory fsync.</summary>
    internal void Write(string directory)
    {
        DurableFile.ReplaceAtomically(PathIn(directory), JsonSerializer.SerializeToUtf8Bytes(this));
    }

    /// <summary>Removes the journal (and a stray temporary file) durably; the rotation it described is settled.</summary>
    internal static void Delete(string directory)
    {
        string path = PathIn(directory);
        File.Delete(path + ".tmp");
        if (File.Exists(path))
        {
            File.Delete(path);
            DurableFile.FsyncDirectory(directory);
        }
    }

    /// <summary>
    /// Whether <c>app.jsonl</c> still holds the content being rotated (it is at least <see cref="ActiveSize"/> long and
    /// the line before that offset has <see cref="ActiveLastHash"/>), i.e. the rotation has not truncated it yet.
    /// </summary>
    internal bool ActiveHoldsContent(string directory)
    {
        var reader = new EventReader(directory);
        return reader.ActiveLogSize() >= ActiveSize && reader.ReadLineHashBefore(ActiveSize) == ActiveLastHash;
    }

    /// <summary>
    /// The end of the archive that readers may use: before the truncation of <c>app.jsonl</c> the new frame is not part
    /// of the history yet (its events are still in <c>app.jsonl</c>); after it, the frame is.
    /// </summary>
    internal long CommittedArchiveEnd(string directory) =>
        ActiveHoldsContent(directory) ? ArchiveSizeBefore : ArchiveSizeBefore + FrameLength;

    /// <summary>Settles a rotation interrupted by a crash; called by the writer under its lock before tail repair.</summary>
    /// <param name="directory">The log directory.</param>
    /// <returns><see langword="true"/> when a journal was found and settled.</returns>
    /// <exception cref="CorruptArchiveException">The archive and active log do not match any state a rotation can leave.</exception>
    internal static bool Recover(string directory) => RotationRecovery.Recover(directory);
}
