using Microsoft.Win32.SafeHandles;

namespace EventFold;

/// <summary>Finds and removes a torn tail: a final segment without LF, then a trailing run of unfinished batch lines.</summary>
/// <remarks>
/// Only ever run by the writer, under its lock, at open. A line without a <c>batch_rest</c> marker ends a complete
/// append or batch and is never removed; neither is a complete line that does not parse (that is corruption for the
/// reader to report, not a torn write).
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

    /// <summary>Truncates the torn tail durably; returns the number of bytes removed.</summary>
    internal static long Repair(SafeFileHandle handle, out long end)
    {
        long length = RandomAccess.GetLength(handle);
        end = CompleteEnd(handle, length);
        if (end == length)
        {
            return 0;
        }

        RandomAccess.SetLength(handle, end);
        DurableFile.FlushToDisk(handle);
        return length - end;
    }
}
