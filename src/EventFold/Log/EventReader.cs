using System.Buffers;
using Microsoft.Win32.SafeHandles;

namespace EventFold;

/// <summary>Reads one log directory: the active <c>app.jsonl</c>, the archive, and waits for new events.</summary>
/// <remarks>
/// <para>
/// Takes no locks ever (on Unix files are opened with <c>open(2)</c>, bypassing .NET's implicit shared <c>flock</c>), so it
/// works beside a C# or Rust writer in any process. Holds no handle between calls; thread-safe.
/// </para>
/// <para>
/// Only complete lines and complete batches are yielded; a torn tail (a final segment without LF, or an unfinished
/// batch) ends a read silently. A missing <c>app.jsonl</c> reads as an empty log (the Rust reader reports NotFound).
/// </para>
/// <para>
/// Stricter than Rust: a CR before the LF is reported as <see cref="CorruptLogException"/> (Rust's <c>read_from</c>
/// strips it and then miscounts offsets), and every corrupt line stops the read with its exact start offset.
/// </para>
/// </remarks>
public sealed class EventReader
{
    private const int InitialBuffer = 256 * 1024;
    private const int MaxConsistentReadAttempts = 10;

    /// <summary>Creates a reader of the log in <paramref name="directory"/>; creates nothing on disk.</summary>
    /// <param name="directory">The log directory.</param>
    public EventReader(string directory)
        : this(directory, TimeProvider.System)
    {
    }

    /// <summary>Creates a reader whose waits use <paramref name="timeProvider"/> for timeouts and polling.</summary>
    /// <param name="directory">The log directory.</param>
    /// <param name="timeProvider">The clock for <see cref="WaitForEventsAsync"/>.</param>
    public EventReader(string directory, TimeProvider timeProvider)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(timeProvider);
        TimeProvider = timeProvider;
        Directory = Path.GetFullPath(directory);
        LogPath = LogPaths.Log(Directory);
        ArchivePath = LogPaths.Archive(Directory);
    }

    /// <summary>The log directory (full path).</summary>
    public string Directory { get; }

    /// <summary>Path of <c>app.jsonl</c>.</summary>
    public string LogPath { get; }

    /// <summary>Path of <c>archive.jsonl.zst</c>.</summary>
    public string ArchivePath { get; }

    /// <summary>The clock used by <see cref="WaitForEventsAsync"/>.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>The current size of <c>app.jsonl</c> (a stat; may include a torn tail being written). 0 when missing.</summary>
    /// <returns>The size in bytes.</returns>
    public long ActiveLogSize()
    {
        var info = new FileInfo(LogPath);
        return info.Exists ? info.Length : 0;
    }

    /// <summary>The current size of <c>archive.jsonl.zst</c> in bytes (a stat; 0 when there is no archive).</summary>
    /// <returns>The size in bytes; it changes only when a rotation appends a frame.</returns>
    public long ArchiveLength() => ArchiveFile.Length(ArchivePath);

    /// <summary>
    /// Throws when the directory holds history but no <c>app.jsonl</c> file: neither this library nor the Rust crate
    /// ever deletes <c>app.jsonl</c> (rotation truncates it in place), so its absence next to an archive is damage, and
    /// treating the log as new and empty would renumber events from zero.
    /// </summary>
    /// <exception cref="CorruptLogException"><c>app.jsonl</c> is a directory, or is missing while the archive exists.</exception>
    public void ThrowIfActiveLogLost() => MissingActiveLog.ThrowIfHistoryExists(Directory);

    /// <summary>Whether <c>app.jsonl</c> has grown past <paramref name="offset"/> (possibly only by a partial line).</summary>
    /// <param name="offset">An offset previously returned by a read or append.</param>
    /// <returns><see langword="true"/> when the file is larger than <paramref name="offset"/>.</returns>
    public bool HasNewEvents(long offset) => ActiveLogSize() > offset;

    /// <summary>Reads the active log from <paramref name="offset"/> (a line start, normally a previous end offset).</summary>
    /// <param name="offset">Where to start.</param>
    /// <returns>The events, in order, with their offsets and hashes.</returns>
    /// <remarks>
    /// The file length is captured when this method is called; bytes appended later are not read by this enumeration.
    /// Empty lines are skipped. Enumerating again re-reads the file up to the same captured length.
    /// </remarks>
    /// <exception cref="CorruptLogException">A complete line is not a valid event (raised during enumeration).</exception>
    public IEnumerable<EventRecord> ReadFrom(long offset)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        long limit = ActiveLogSize();
        return offset >= limit ? [] : ReadRange(offset, limit);
    }

    /// <summary>Reads the full history: every archived event, then the active log from offset 0.</summary>
    /// <returns>The events in append order.</returns>
    /// <remarks>
    /// The archive is read up to its committed end (a rotation in progress is not seen twice). A rotation that completes
    /// between the archive part and the active part of one enumeration can hide that rotation's events from it.
    /// </remarks>
    /// <exception cref="CorruptArchiveException">The archive or one of its lines is corrupt.</exception>
    /// <exception cref="CorruptLogException">A line of the active log is corrupt.</exception>
    public IEnumerable<HistoryRecord> ReadFull()
    {
        foreach (var (line, hash) in ArchiveFile.ReadLines(ArchivePath))
        {
            if (!EventLine.TryParse(line.Span, out Event? e, out _, out string? error))
            {
                throw new CorruptArchiveException(ArchivePath, $"archived line {hash} is not a valid event: {error}");
            }

            yield return new HistoryRecord(e, hash, Archived: true);
        }

        foreach (EventRecord record in ReadFrom(0))
        {
            yield return new HistoryRecord(record.Event, record.LineHash, Archived: false);
        }
    }

    /// <summary>
    /// The archive bytes that belong to the history now: the archive's length, or less while a rotation has appended
    /// its frame but not yet emptied <c>app.jsonl</c> (settled by the writer's next open).
    /// </summary>
    /// <returns>A length to compare with the one a snapshot or cursor was taken at: unequal means a rotation since.</returns>
    public long CommittedArchiveLength() => LogGeneration.Before(this).CommittedArchiveLength;

    /// <summary>
    /// Runs <paramref name="read"/> until no rotation (by any process) emptied <c>app.jsonl</c> during it, and returns
    /// its result: a read of the archive and then the active log that straddles a rotation can miss the rotated events,
    /// or read the next <c>app.jsonl</c> at the previous one's offsets.
    /// </summary>
    /// <typeparam name="T">What the read produces; build it completely inside <paramref name="read"/> (not a lazy sequence).</typeparam>
    /// <param name="read">The read; it gets the archive length committed when it started (see <see cref="CommittedArchiveLength"/>).</param>
    /// <returns>The result of the first attempt during which no rotation emptied the log.</returns>
    /// <remarks>
    /// An exception thrown by an attempt during which a rotation happened is taken for a symptom of that rotation
    /// (for example a <see cref="CorruptLogException"/> at a stale offset) and the read is retried, after 10, 20, ... ms;
    /// an exception from an undisturbed attempt propagates. Blocks the calling thread while it waits.
    /// </remarks>
    /// <exception cref="EventFoldException">The log was rotated during each of 10 attempts (the last failure, if any, is the inner exception).</exception>
    public T ReadConsistently<T>(Func<long, T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        for (int attempt = 1; ; attempt++)
        {
            LogGeneration before = LogGeneration.Before(this);
            Exception? failure = null;
            T result = default!;
            try
            {
                result = read(before.CommittedArchiveLength);
            }
            catch (Exception e) when (!LogGeneration.NoTruncationBetween(before, LogGeneration.After(this)))
            {
                failure = e;
            }

            if (failure is null && LogGeneration.NoTruncationBetween(before, LogGeneration.After(this)))
            {
                return result;
            }

            if (attempt == MaxConsistentReadAttempts)
            {
                throw new EventFoldException($"'{Directory}' was rotated during each of {MaxConsistentReadAttempts} attempts to read it", failure);
            }

            Thread.Sleep(10 * attempt); // let the rotation finish
        }
    }

    /// <summary>
    /// Hash of the line that ends just before <paramref name="offset"/> (byte <c>offset - 1</c> is taken as its LF).
    /// </summary>
    /// <param name="offset">An end offset.</param>
    /// <returns>The hash, or <see langword="null"/> at offset 0, past the end of the file, or when the file is missing.</returns>
    /// <remarks>
    /// Hashes the whole line however long it is. The Rust crate scans back at most 8 KiB, so for lines longer than
    /// 8192 bytes it computes a different (wrong) hash; this library's conditional appends and snapshot checks work with
    /// long lines, Rust's always conflict after one.
    /// </remarks>
    public string? ReadLineHashBefore(long offset)
    {
        if (offset <= 0)
        {
            return null;
        }

        using SafeFileHandle? handle = TryOpen();
        return handle is null ? null : LogScan.LineHashBefore(handle, offset, RandomAccess.GetLength(handle));
    }

    /// <summary>Waits until <c>app.jsonl</c> is larger than <paramref name="offset"/>.</summary>
    /// <param name="offset">The offset already consumed.</param>
    /// <param name="timeout">How long to wait; <see cref="Timeout.InfiniteTimeSpan"/> waits until cancelled.</param>
    /// <param name="ct">Cancels the wait.</param>
    /// <returns>The new file size, or <see langword="null"/> on timeout.</returns>
    /// <remarks>
    /// Returns at once when data is already there. Otherwise a <see cref="FileSystemWatcher"/> on the directory wakes
    /// the wait, with a polling fallback every 50 ms in case notifications are lost or unavailable. After a rotation
    /// (size below <paramref name="offset"/>) it keeps waiting until the file grows past the stale offset; detecting
    /// rotation is the caller's job.
    /// </remarks>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled.</exception>
    public Task<long?> WaitForEventsAsync(long offset, TimeSpan timeout, CancellationToken ct = default) =>
        LogWatcher.WaitAsync(this, offset, timeout, ct);

    private SafeFileHandle? TryOpen()
    {
        try
        {
            return DurableFile.OpenReadHandleNoLock(LogPath);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }

    private IEnumerable<EventRecord> ReadRange(long offset, long limit)
    {
        using SafeFileHandle? handle = TryOpen();
        if (handle is null)
        {
            yield break;
        }

        // A rotation may have truncated the file since the length was captured.
        limit = Math.Min(limit, RandomAccess.GetLength(handle));
        byte[] buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(InitialBuffer, Math.Max(limit - offset, 16)));
        List<EventRecord>? batch = null;
        try
        {
            long bufferPos = offset;
            int start = 0, filled = 0;
            while (true)
            {
                int lf = buffer.AsSpan(start, filled - start).IndexOf((byte)'\n');
                if (lf < 0)
                {
                    if (bufferPos + filled >= limit)
                    {
                        yield break; // end of data, or a torn tail: stop silently
                    }

                    if (!Refill(handle, ref buffer, ref bufferPos, ref start, ref filled, limit))
                    {
                        yield break; // truncated by a concurrent rotation
                    }

                    continue;
                }

                long lineStart = bufferPos + start;
                if (lf > 0)
                {
                    ReadOnlySpan<byte> line = buffer.AsSpan(start, lf);
                    if (!EventLine.TryParse(line, out Event? e, out int batchRest, out string? error))
                    {
                        throw new CorruptLogException(LogPath, lineStart, error);
                    }

                    var record = new EventRecord(e, lineStart, lineStart + lf + 1, LineHash.Compute(line));
                    if (batchRest > 0)
                    {
                        (batch ??= []).Add(record);
                    }
                    else
                    {
                        if (batch is { Count: > 0 })
                        {
                            foreach (EventRecord pending in batch)
                            {
                                yield return pending;
                            }

                            batch.Clear();
                        }

                        start += lf + 1;
                        yield return record;
                        continue;
                    }
                }

                start += lf + 1;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static bool Refill(SafeFileHandle handle, ref byte[] buffer, ref long bufferPos, ref int start, ref int filled, long limit)
    {
        int remainder = filled - start;
        if (start == 0 && remainder == buffer.Length)
        {
            byte[] bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
            buffer.AsSpan(0, filled).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = bigger;
        }
        else if (start > 0)
        {
            buffer.AsSpan(start, remainder).CopyTo(buffer);
            bufferPos += start;
            start = 0;
            filled = remainder;
        }

        int want = (int)Math.Min(buffer.Length - filled, limit - (bufferPos + filled));
        int read = RandomAccess.Read(handle, buffer.AsSpan(filled, want), bufferPos + filled);
        filled += read;
        return read > 0;
    }
}
