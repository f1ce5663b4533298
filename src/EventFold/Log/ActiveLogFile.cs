using Microsoft.Win32.SafeHandles;

namespace EventFold;

/// <summary>
/// The writer's open <c>app.jsonl</c>: the locked handle, the end of the last complete line and that line's hash, and
/// the write path that truncates back on failure. Not thread-safe; <see cref="EventWriter"/> serializes access.
/// </summary>
internal sealed class ActiveLogFile : IDisposable
{
    private readonly SafeFileHandle _handle;
    private readonly Durability _durability;

    private ActiveLogFile(string path, SafeFileHandle handle, Durability durability)
    {
        Path = path;
        _handle = handle;
        _durability = durability;
    }

    public string Path { get; }

    public SafeFileHandle Handle => _handle;

    /// <summary>End of the last complete line: where the next write goes.</summary>
    public long End { get; private set; }

    /// <summary>Hash of the last line, <c>""</c> when the file is empty.</summary>
    public string LastHash { get; private set; } = string.Empty;

    /// <summary>Set when the file may not match <see cref="End"/> any more; the writer must be reopened.</summary>
    public bool Faulted { get; private set; }

    /// <summary>Start of the bytes written by <see cref="AppendUnsynced"/> and not yet flushed; -1 when everything written is flushed.</summary>
    public long UnsyncedFrom { get; private set; } = -1;

    /// <summary>Test seam: runs after the bytes were written and before the flush; may throw to simulate a failed write.</summary>
    public Action<long>? AfterWriteForTesting { get; set; }

    /// <summary>Opens (creating if needed) and locks <c>app.jsonl</c>.</summary>
    /// <exception cref="WriterLockedException">Another writer holds the lock.</exception>
    public static ActiveLogFile Open(string directory, string path, LockMode lockMode, Durability durability) =>
        new(path, OpenLocked(directory, path, lockMode), durability);

    /// <summary>Settles the tail durably (see <see cref="TailRepair"/>) and loads <see cref="End"/> and <see cref="LastHash"/> from disk.</summary>
    /// <param name="viewsDirectory">The log's <c>views</c> directory: its snapshots may prove tail bytes acknowledged.</param>
    /// <returns>The number of bytes removed.</returns>
    /// <exception cref="CorruptLogException">A snapshot proves that the bytes a repair would remove were acknowledged.</exception>
    public long RepairAndLoad(string viewsDirectory)
    {
        long repaired = TailRepair.Repair(_handle, Path, viewsDirectory, out long end);
        Load(end);
        return repaired;
    }

    /// <summary>Without a lock another writer may have appended: take the end and last hash from the file.</summary>
    public void SyncWithDisk()
    {
        long length = RandomAccess.GetLength(_handle);
        if (length != End)
        {
            long end = LogScan.FindLineStart(_handle, length);
            if (end < length)
            {
                // A partial line left by another writer's crash: drop it rather than write into the middle of it.
                RandomAccess.SetLength(_handle, end);
            }

            Load(end);
        }
    }

    /// <summary>Writes <paramref name="bytes"/> (whole lines) at <see cref="End"/> in one call and flushes per durability.</summary>
    /// <returns>The offset the bytes start at.</returns>
    /// <exception cref="AppendFailedException">Nothing was appended; <see cref="Faulted"/> tells whether the file could be restored.</exception>
    public long Append(ReadOnlySpan<byte> bytes, string lastLineHash)
    {
        long start = End;
        try
        {
            RandomAccess.Write(_handle, bytes, start);
            AfterWriteForTesting?.Invoke(start);
        }
        catch (IOException ex)
        {
            Faulted = !TryTruncate(start);
            throw new AppendFailedException(Path, start, Faulted, ex);
        }

        if (_durability == Durability.Durable)
        {
            try
            {
                DurableFile.FlushToDisk(_handle);
            }
            catch (IOException ex)
            {
                // After a failed fsync the page cache may claim data that is not on disk; stop appending until reopened.
                TryTruncate(UnsyncedFrom >= 0 ? Math.Min(UnsyncedFrom, start) : start);
                Faulted = true;
                throw new AppendFailedException(Path, start, writerFaulted: true, ex);
            }
        }

        End = start + bytes.Length;
        LastHash = lastLineHash;
        if (_durability == Durability.Durable)
        {
            // The flush covered every earlier unsynced write of this file too.
            UnsyncedFrom = -1;
        }

        return start;
    }

    /// <summary>
    /// Writes <paramref name="bytes"/> (whole lines) at <see cref="End"/> in one call without flushing: the group
    /// committer flushes later (<see cref="SyncUnsynced"/>, or one <c>syncfs</c> then <see cref="MarkSynced"/>) and
    /// fails the write with <see cref="FailUnsynced"/> when that flush fails.
    /// </summary>
    /// <returns>The offset the bytes start at.</returns>
    /// <exception cref="AppendFailedException">Nothing was appended; <see cref="Faulted"/> tells whether the file could be restored.</exception>
    /// <param name="bytes">Whole lines.</param>
    /// <param name="lastLineHash">The hash of the last line.</param>
    /// <param name="track">
    /// <see langword="false"/> for a buffered append that is acknowledged without a flush: it is not tracked, so a later
    /// failed flush never cuts off these acknowledged bytes.
    /// </param>
    public long AppendUnsynced(ReadOnlySpan<byte> bytes, string lastLineHash, bool track)
    {
        long start = End;
        try
        {
            RandomAccess.Write(_handle, bytes, start);
            AfterWriteForTesting?.Invoke(start);
        }
        catch (IOException ex)
        {
            Faulted = !TryTruncate(start);
            throw new AppendFailedException(Path, start, Faulted, ex);
        }

        End = start + bytes.Length;
        LastHash = lastLineHash;
        if (track && UnsyncedFrom < 0)
        {
            UnsyncedFrom = start;
        }

        return start;
    }

    /// <summary>Flushes the bytes <see cref="AppendUnsynced"/> wrote; a failure removes them all and faults the file.</summary>
    /// <exception cref="AppendFailedException">The flush failed: the unsynced bytes were cut off (as far as possible).</exception>
    public void SyncUnsynced()
    {
        if (UnsyncedFrom < 0)
        {
            return;
        }

        try
        {
            DurableFile.FlushToDisk(_handle, Path);
        }
        catch (IOException ex)
        {
            long from = UnsyncedFrom;
            FailUnsynced();
            throw new AppendFailedException(Path, from, writerFaulted: true, ex);
        }

        UnsyncedFrom = -1;
    }

    /// <summary>The unsynced bytes were made durable by a flush of the whole file system.</summary>
    public void MarkSynced() => UnsyncedFrom = -1;

    /// <summary>
    /// A flush covering the unsynced bytes failed: cut them off (their commands are failed, never acknowledged) and
    /// fault the file, since after a failed flush the page cache may claim data that is not on disk.
    /// </summary>
    public void FailUnsynced()
    {
        if (UnsyncedFrom >= 0)
        {
            TryTruncate(UnsyncedFrom);
            End = UnsyncedFrom;
            UnsyncedFrom = -1;
        }

        Faulted = true;
    }

    /// <summary>Flushes to stable storage; a failure faults the file.</summary>
    public void Flush()
    {
        try
        {
            DurableFile.FlushToDisk(_handle);
        }
        catch (IOException ex)
        {
            Faulted = true;
            throw new AppendFailedException(Path, End, writerFaulted: true, ex);
        }
    }

    /// <summary>Empties the file in place durably (rotation); a failure faults the file.</summary>
    public void TruncateToZero()
    {
        try
        {
            RandomAccess.SetLength(_handle, 0);
            DurableFile.FlushToDisk(_handle);
            UnsyncedFrom = -1;
        }
        catch
        {
            // The file may already be empty while End still says otherwise.
            Faulted = true;
            throw;
        }

        End = 0;
        LastHash = string.Empty;
    }

    public void Dispose() => _handle.Dispose();

    private void Load(long end)
    {
        End = end;
        LastHash = LogScan.LineHashBefore(_handle, end, end) ?? string.Empty;
    }

    private bool TryTruncate(long length)
    {
        try
        {
            RandomAccess.SetLength(_handle, length);
            DurableFile.FlushToDisk(_handle);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            return false;
        }
    }

    private static SafeFileHandle OpenLocked(string directory, string path, LockMode lockMode)
    {
        if (lockMode == LockMode.None)
        {
            return OperatingSystem.IsWindows()
                ? File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete)
                : UnixNative.OpenOrCreateReadWrite(path);
        }

        try
        {
            return FileLock.Open(path, FileAccess.ReadWrite, FileLockKind.Exclusive, bestEffort: false);
        }
        catch (IOException e) when (FileLock.IsLockConflict(e))
        {
            throw new WriterLockedException(directory, e);
        }
    }
}
