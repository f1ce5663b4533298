using System.Text.Json;
using Microsoft.Win32.SafeHandles;

namespace EventFold;

/// <summary>
/// Settles the end of <c>app.jsonl</c> at writer open: a final event line that lacks only its LF is completed; any
/// other final segment without LF, then a trailing run of unfinished batch lines, is a torn tail and removed — unless
/// a snapshot proves those bytes were acknowledged, which is refused.
/// </summary>
/// <remarks>
/// Only ever run by the writer, under its lock, at open. A line without a <c>batch_rest</c> marker ends a complete
/// append or batch and is never removed; neither is a complete line that does not parse (that is corruption for the
/// reader to report, not a torn write). An acknowledged append always had its LF written, so a line missing only its
/// LF was either never acknowledged (keeping it is allowed) or damaged afterwards (completing it restores it).
/// </remarks>
internal static class TailRepair
{
    /// <summary>The end offset of the last complete line that also completes its batch.</summary>
    internal static long CompleteEnd(SafeFileHandle handle, long length)
    {
        long end = LogScan.FindLineStart(handle, length);
        while (end > 0)
        {
            long start = LogScan.FindLineStart(handle, end - 1);
            byte[] line = LogScan.ReadRange(handle, start, end - 1);
            if (!BatchFraming.IsUnfinishedBatchLine(line))
            {
                break;
            }

            end = start;
        }

        return end;
    }

    /// <summary>Completes a final line missing its LF, or truncates the torn tail, durably; returns the number of bytes removed.</summary>
    /// <param name="handle">The locked handle of <c>app.jsonl</c>.</param>
    /// <param name="logPath">Its path, for errors.</param>
    /// <param name="viewsDirectory">The <c>views</c> directory whose snapshots may prove bytes acknowledged.</param>
    /// <param name="end">The end of the last complete line afterwards.</param>
    /// <exception cref="CorruptLogException">
    /// The tail looks torn but a snapshot covers part of it (an acknowledged line was damaged); nothing was removed.
    /// </exception>
    internal static long Repair(SafeFileHandle handle, string logPath, string viewsDirectory, out long end)
    {
        long length = CompleteFinalLine(handle, RandomAccess.GetLength(handle));
        end = CompleteEnd(handle, length);
        if (end == length)
        {
            return 0;
        }

        RefuseIfAcknowledged(handle, logPath, viewsDirectory, end, length);
        RandomAccess.SetLength(handle, end);
        DurableFile.FlushToDisk(handle);
        return length - end;
    }

    /// <summary>
    /// When the final segment without LF is a complete event line that ends a batch (trailing spaces, tabs or NULs
    /// aside, which the writer never produces), writes its LF in place of them; returns the new length.
    /// </summary>
    private static long CompleteFinalLine(SafeFileHandle handle, long length)
    {
        long start = LogScan.FindLineStart(handle, length);
        if (start == length || !EndsLikeAnObject(handle, start, length))
        {
            return length;
        }

        byte[] segment = LogScan.ReadRange(handle, start, length);
        int kept = segment.Length;
        while (kept > 0 && segment[kept - 1] is (byte)' ' or (byte)'\t' or 0)
        {
            kept--;
        }

        if (kept == 0 || !EventLine.TryParse(segment.AsSpan(0, kept), out _, out int batchRest, out _) || batchRest > 0)
        {
            return length;
        }

        long completed = start + kept + 1;
        RandomAccess.Write(handle, "\n"u8, start + kept);
        if (completed < length)
        {
            RandomAccess.SetLength(handle, completed);
        }

        DurableFile.FlushToDisk(handle);
        return completed;
    }

    /// <summary>
    /// Whether the segment's last byte before trailing padding (within its last 64 bytes) is <c>}</c>: a cheap test that
    /// keeps a large torn or zero-filled tail from being read whole.
    /// </summary>
    private static bool EndsLikeAnObject(SafeFileHandle handle, long start, long length)
    {
        byte[] tail = LogScan.ReadRange(handle, Math.Max(start, length - 64), length);
        int last = tail.AsSpan().LastIndexOfAnyExcept((byte)' ', (byte)'\t', (byte)0);
        return last >= 0 && tail[last] == (byte)'}';
    }

    /// <summary>
    /// Throws when a snapshot under <paramref name="viewsDirectory"/> ends inside <c>(end, length]</c> with the hash of
    /// the line it names: it folded bytes that would be removed, so they were acknowledged. Snapshots of an earlier
    /// log generation (past the end, or another hash) prove nothing and are passed over.
    /// </summary>
    private static void RefuseIfAcknowledged(SafeFileHandle handle, string logPath, string viewsDirectory, long end, long length)
    {
        if (!Directory.Exists(viewsDirectory))
        {
            return;
        }

        foreach (string path in Directory.EnumerateFiles(viewsDirectory, "*.snapshot.json"))
        {
            if (SnapshotFile.TryLoad<JsonElement>(path) is { } snapshot
                && snapshot.Offset > end && snapshot.Offset <= length
                && LogScan.LineHashBefore(handle, snapshot.Offset, length) == snapshot.Hash)
            {
                throw new CorruptLogException(
                    logPath,
                    end,
                    $"the {length - end} bytes from offset {end} to the end look like a torn write (no final LF, or an unfinished batch), " +
                    $"but snapshot '{path}' covers them up to offset {snapshot.Offset}, so they were acknowledged and are not removed; " +
                    "repair the damaged line by hand (each line ends with one LF) and open the log again");
            }
        }
    }
}
