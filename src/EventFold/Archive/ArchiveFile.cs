using ZstdSharp;
using ZstdSharp.Unsafe;

namespace EventFold;

/// <summary>The zstd archive <c>archive.jsonl.zst</c>: appends one frame per rotation, reads all frames as one stream of lines.</summary>
/// <remarks>
/// Compatible with the Rust crate both ways: frames are standard zstd frames (level 3, no dictionary), concatenated;
/// decompressed, the archive is the JSONL exactly as it was in <c>app.jsonl</c>. Existing frames are never rewritten.
/// </remarks>
internal static class ArchiveFile
{
    /// <summary>The archive's file name inside a log directory.</summary>
    internal const string FileName = "archive.jsonl.zst";

    /// <summary>The zstd level the Rust crate uses.</summary>
    internal const int CompressionLevel = 3;

    /// <summary>Compresses <paramref name="payload"/> into one complete, standard zstd frame.</summary>
    /// <remarks>
    /// Unlike the Rust crate's frames, ours carry the optional XXH64 content checksum (a standard frame flag every
    /// zstd decoder, Rust's included, verifies), so a damaged frame is reported instead of decoding to wrong lines.
    /// </remarks>
    internal static byte[] CompressFrame(ReadOnlySpan<byte> payload)
    {
        using var compressor = new Compressor(CompressionLevel);
        compressor.SetParameter(ZSTD_cParameter.ZSTD_c_checksumFlag, 1);
        return compressor.Wrap(payload).ToArray();
    }

    /// <summary>The archive's size in bytes, 0 when it does not exist.</summary>
    internal static long Length(string archivePath)
    {
        var info = new FileInfo(archivePath);
        return info.Exists ? info.Length : 0;
    }

    /// <summary>
    /// Writes <paramref name="frame"/> at <paramref name="expectedLength"/>, the archive's current end, and flushes it to
    /// disk (fdatasync); creates the archive if needed and then also fsyncs the directory.
    /// </summary>
    /// <exception cref="CorruptArchiveException">The archive is not <paramref name="expectedLength"/> bytes long.</exception>
    internal static void AppendFrame(string archivePath, ReadOnlySpan<byte> frame, long expectedLength)
    {
        bool created = !File.Exists(archivePath);
        using (var handle = File.OpenHandle(archivePath, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite))
        {
            long length = RandomAccess.GetLength(handle);
            if (length != expectedLength)
            {
                throw new CorruptArchiveException(archivePath, $"expected {expectedLength} bytes before appending a frame, found {length}");
            }

            RandomAccess.Write(handle, frame, expectedLength);
            DurableFile.FlushToDisk(handle);
        }

        if (created)
        {
            DurableFile.FsyncDirectory(Path.GetDirectoryName(Path.GetFullPath(archivePath))!);
        }
    }

    /// <summary>Cuts the archive back to <paramref name="length"/> bytes (removing a partial or uncommitted frame), durably.</summary>
    internal static void Truncate(string archivePath, long length)
    {
        using var handle = File.OpenHandle(archivePath, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
        RandomAccess.SetLength(handle, length);
        DurableFile.FlushToDisk(handle);
    }

    /// <summary>
    /// Streams the archived lines in order: every frame decompressed as one continuous byte stream, split at LF.
    /// </summary>
    /// <param name="archivePath">The archive; a missing archive yields nothing.</param>
    /// <returns>Each non-empty line without its LF, with its line hash. Each line is a fresh array the caller may keep.</returns>
    /// <remarks>
    /// <para>
    /// Reads only the committed part of the archive: its size when the read starts, and while a rotation is in progress
    /// (or was interrupted) no further than <see cref="RotationJournal.CommittedArchiveEnd"/>: the new frame counts only
    /// once <c>app.jsonl</c> no longer holds its events. So a concurrent full read never sees an event twice and never
    /// trips over a partially written frame. It can still miss a rotation's events when the truncation happens between
    /// the archive part and the active part of the read; <see cref="LogGeneration"/> lets callers detect that.
    /// </para>
    /// <para>
    /// Streaming: lines of a damaged frame may be yielded before its error (a checksum is only verified at the end
    /// of the frame), so consumers that need all-or-nothing discard what they folded when the error arrives, as
    /// <see cref="View{TState}"/> does.
    /// </para>
    /// <para>
    /// Empty lines are skipped and a final segment without LF ends the stream, as in Rust. Frames carry complete
    /// lines and complete batches only, because rotation archives <c>app.jsonl</c> after torn-tail repair.
    /// </para>
    /// </remarks>
    /// <exception cref="CorruptArchiveException">
    /// Raised once, ending the enumeration, when a frame is truncated or corrupt or the rotation journal is unreadable.
    /// </exception>
    internal static IEnumerable<(ReadOnlyMemory<byte> Line, string Hash)> ReadLines(string archivePath)
    {
        // Order matters: size first, journal second. A frame appended after the size was taken is beyond the limit;
        // a frame appended before it is governed by the journal that was written before the append.
        long limit = Length(archivePath);
        string directory = Path.GetDirectoryName(Path.GetFullPath(archivePath))!;
        if (RotationJournal.TryRead(directory) is { } journal)
        {
            limit = Math.Min(limit, journal.CommittedArchiveEnd(directory));
        }

        if (limit == 0)
        {
            yield break;
        }

        using var reader = new ArchiveLineReader(archivePath, new BoundedReadStream(DurableFile.OpenReadNoLock(archivePath), limit));
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                yield return (line, LineHash.Compute(line));
            }
        }
    }
}
