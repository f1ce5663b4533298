using System.Buffers;
using Microsoft.Win32.SafeHandles;

namespace EventFold.Cli.Scanning;

/// <summary>Scans <c>app.jsonl</c> line by line without any lock: counts events, checks lines and batches, finds a torn tail.</summary>
internal static class ActiveLogScanner
{
    private const int ChunkSize = 1 << 20;

    /// <summary>Scans the active log of <paramref name="directory"/> into <paramref name="scan"/>.</summary>
    /// <param name="directory">The stream's log directory.</param>
    /// <param name="name"><c>type/id</c> for findings.</param>
    /// <param name="verify">Parse every line (verify); otherwise only count lines and spot batch markers (stats, ls).</param>
    /// <param name="scan">Receives counts and findings.</param>
    public static void Scan(string directory, string name, bool verify, StreamScan scan)
    {
        var path = Path.Combine(directory, "app.jsonl");
        SafeFileHandle handle;
        try
        {
            handle = LogInspection.OpenReadHandleNoLock(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return;
        }

        using (handle)
        {
            long length = RandomAccess.GetLength(handle);
            scan.ActiveBytes = length;
            var state = new LineState(path, name, verify, scan);
            byte[] buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
            try
            {
                long position = 0; // file offset of buffer[0]
                int filled = 0;
                while (true)
                {
                    int want = (int)Math.Min(buffer.Length - filled, length - (position + filled));
                    int read = want > 0 ? RandomAccess.Read(handle, buffer.AsSpan(filled, want), position + filled) : 0;
                    filled += read;
                    int start = 0;
                    while (true)
                    {
                        int lf = buffer.AsSpan(start, filled - start).IndexOf((byte)'\n');
                        if (lf < 0)
                        {
                            break;
                        }

                        state.Line(buffer.AsSpan(start, lf), position + start);
                        start += lf + 1;
                    }

                    if (read == 0)
                    {
                        state.End(position + start, length);
                        return;
                    }

                    // Keep the partial line; grow the buffer for lines longer than it.
                    int rest = filled - start;
                    if (start == 0 && rest == buffer.Length)
                    {
                        byte[] bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        buffer.AsSpan(0, rest).CopyTo(bigger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = bigger;
                    }
                    else
                    {
                        buffer.AsSpan(start, rest).CopyTo(buffer);
                    }

                    position += start;
                    filled = rest;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    /// <summary>Cheap test for the batch marker the writer puts last: <c>,"batch_rest":N}</c> at the end of the line.</summary>
    private static int BatchRestOf(ReadOnlySpan<byte> line)
    {
        var tail = line.Length > 32 ? line[^32..] : line;
        int at = tail.LastIndexOf(",\"batch_rest\":"u8);
        if (at < 0 || tail[^1] != (byte)'}')
        {
            return 0;
        }

        int value = 0;
        foreach (byte b in tail[(at + 14)..^1])
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return 0;
            }

            value = (value * 10) + (b - '0');
        }

        return value;
    }

    private sealed class LineState(string path, string name, bool verify, StreamScan scan)
    {
        private int _pending;
        private int _expectedRest;
        private long _batchStart;

        public void Line(ReadOnlySpan<byte> line, long offset)
        {
            if (line.IsEmpty)
            {
                return;
            }

            int rest;
            if (verify)
            {
                if (!LogInspection.TryParseLine(line, out _, out rest, out var error))
                {
                    scan.Findings.Add(new Finding(Severity.Error, "corrupt-line", path, offset, $"line is not a valid event: {error}", name,
                        "the stream cannot load; fix the line by hand, or quarantine the stream: eventfold repair <store> <type> <id> --quarantine --apply"));
                    _pending = 0;
                    return;
                }
            }
            else
            {
                rest = BatchRestOf(line);
            }

            long end = offset + line.Length + 1;
            if (rest > 0)
            {
                if (_pending == 0)
                {
                    _batchStart = offset;
                }
                else if (verify && rest != _expectedRest)
                {
                    BrokenBatch(offset, $"batch line says {rest} lines follow, {_expectedRest} were expected");
                }

                _pending++;
                _expectedRest = rest - 1;
                return;
            }

            if (_pending > 0 && verify && _expectedRest != 0)
            {
                BrokenBatch(offset, $"batch ends {_expectedRest} lines early");
            }

            if (verify)
            {
                // A batch's lines become events only with the line that completes it, so they all end where it ends.
                for (int i = 0; i <= _pending; i++)
                {
                    scan.EventEnds.Add(end);
                }
            }

            scan.ActiveEvents += _pending + 1;
            _pending = 0;
            scan.CompleteEnd = end;
        }

        public void End(long lastLineEnd, long length)
        {
            if (lastLineEnd < length)
            {
                scan.Findings.Add(new Finding(Severity.Warning, "torn-tail", path, lastLineEnd,
                    $"the last {length - lastLineEnd} bytes have no final LF: a write cut short by a crash (or one in progress right now); the writer settles it at its next open",
                    name, "eventfold repair <store> --apply drops it (a complete event missing only its LF is completed instead), after a backup"));
            }
            else if (_pending > 0)
            {
                scan.Findings.Add(new Finding(Severity.Warning, "torn-tail", path, _batchStart,
                    $"{_pending} lines of an unfinished batch end the log: a batch write cut short by a crash; readers ignore it and the writer cuts it at its next open",
                    name, "eventfold repair <store> --apply drops it, after a backup"));
            }
        }

        private void BrokenBatch(long offset, string what)
        {
            scan.Findings.Add(new Finding(Severity.Error, "broken-batch", path, offset, $"batch framing is broken: {what}", name,
                "quarantine the stream (eventfold repair <store> <type> <id> --quarantine --apply) and restore it from a backup"));
        }
    }
}
