using System.Buffers;
using Microsoft.Win32.SafeHandles;

namespace EventFold;

/// <summary>Backward scans over <c>app.jsonl</c> for line starts and hashes of whole lines of any length.</summary>
internal static class LogScan
{
    private const int Chunk = 64 * 1024;

    /// <summary>Position just after the last LF strictly before <paramref name="end"/>, or 0 when there is none.</summary>
    internal static long FindLineStart(SafeFileHandle handle, long end)
    {
        // Start small (most lines are short) and widen the window up to 64 KiB for long lines.
        byte[] buffer = ArrayPool<byte>.Shared.Rent(Chunk);
        try
        {
            int window = 1024;
            long pos = end;
            while (pos > 0)
            {
                int count = (int)Math.Min(window, pos);
                long from = pos - count;
                ReadExactly(handle, buffer.AsSpan(0, count), from);
                int lf = buffer.AsSpan(0, count).LastIndexOf((byte)'\n');
                if (lf >= 0)
                {
                    return from + lf + 1;
                }

                pos = from;
                window = Math.Min(window * 4, Chunk);
            }

            return 0;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Reads bytes <c>[start, end)</c>.</summary>
    internal static byte[] ReadRange(SafeFileHandle handle, long start, long end)
    {
        byte[] bytes = new byte[checked((int)(end - start))];
        ReadExactly(handle, bytes, start);
        return bytes;
    }

    /// <summary>
    /// Hash of the line whose LF is at <c>offset - 1</c> (that byte is assumed to be the LF, as in Rust), or
    /// <see langword="null"/> when <paramref name="offset"/> is 0 or past <paramref name="length"/> — also when the file
    /// shrinks below <paramref name="offset"/> while it is being scanned (a concurrent rotation truncated it).
    /// </summary>
    internal static string? LineHashBefore(SafeFileHandle handle, long offset, long length)
    {
        if (offset <= 0 || offset > length)
        {
            return null;
        }

        try
        {
            long start = FindLineStart(handle, offset - 1);
            return LineHash.Compute(ReadRange(handle, start, offset - 1));
        }
        catch (EndOfStreamException)
        {
            // The line is gone: the same answer as for an offset past the end.
            return null;
        }
    }

    private static void ReadExactly(SafeFileHandle handle, Span<byte> buffer, long offset)
    {
        while (!buffer.IsEmpty)
        {
            int read = RandomAccess.Read(handle, buffer, offset);
            if (read == 0)
            {
                throw new EndOfStreamException($"app.jsonl ended at offset {offset} while scanning (truncated concurrently?)");
            }

            buffer = buffer[read..];
            offset += read;
        }
    }
}
