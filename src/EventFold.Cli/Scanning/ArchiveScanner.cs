using ZstdSharp;
using ZstdSharp.Unsafe;

namespace EventFold.Cli.Scanning;

/// <summary>Walks <c>archive.jsonl.zst</c> frame by frame without any lock: every frame must decode (content checksums hold) and hold valid lines.</summary>
internal static class ArchiveScanner
{
    /// <summary>Scans the committed part of the archive of <paramref name="directory"/> into <paramref name="scan"/>.</summary>
    /// <param name="directory">The stream's log directory.</param>
    /// <param name="name"><c>type/id</c> for findings.</param>
    /// <param name="verify">Parse every archived line; otherwise only count them.</param>
    /// <param name="scan">Receives counts and findings.</param>
    public static void Scan(string directory, string name, bool verify, StreamScan scan)
    {
        var path = Path.Combine(directory, "archive.jsonl.zst");
        byte[] bytes;
        try
        {
            using var stream = LogInspection.OpenReadNoLock(path);
            bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return;
        }

        scan.ArchiveBytes = bytes.Length;
        long committed = Math.Min(bytes.Length, LogInspection.CommittedArchiveLength(directory));
        scan.CommittedArchiveBytes = committed;
        if (File.Exists(Path.Combine(directory, LogInspection.RotationJournalFileName)))
        {
            scan.Findings.Add(new Finding(Severity.Warning, "rotation-pending", Path.Combine(directory, LogInspection.RotationJournalFileName), null,
                "a rotation is in progress or was interrupted by a crash; the writer completes or rolls it back at its next open", name,
                "open the stream with the app (or eventfold repair <store> --apply) to settle it"));
        }

        var lines = new ArchiveLines(path, name, verify, scan);
        long offset = 0;
        while (offset < committed)
        {
            long frameLength = FrameLength(bytes.AsSpan((int)offset, (int)(committed - offset)));
            if (frameLength <= 0)
            {
                scan.Findings.Add(new Finding(Severity.Error, "corrupt-archive", path, offset,
                    $"the zstd frame at byte {offset} is truncated or not a zstd frame ({committed - offset} bytes left)", name,
                    "archived events before this frame still load; quarantine the stream (eventfold repair <store> <type> <id> --quarantine --apply) and restore the archive from a backup"));
                return;
            }

            byte[] decoded;
            try
            {
                using var input = new MemoryStream(bytes, (int)offset, (int)frameLength, writable: false);
                using var decompressor = new DecompressionStream(input, checkEndOfStream: true);
                using var output = new MemoryStream();
                decompressor.CopyTo(output);
                decoded = output.ToArray();
            }
            catch (Exception e) when (e is ZstdException or IOException or EndOfStreamException)
            {
                scan.Findings.Add(new Finding(Severity.Error, "corrupt-archive", path, offset,
                    $"the zstd frame at byte {offset} ({frameLength} bytes) does not decode: {e.Message}", name,
                    "quarantine the stream (eventfold repair <store> <type> <id> --quarantine --apply) and restore the archive from a backup"));
                return;
            }

            scan.ArchiveRawBytes += decoded.Length;
            lines.Add(decoded, offset);
            offset += frameLength;
        }

        lines.End();
    }

    private static unsafe long FrameLength(ReadOnlySpan<byte> data)
    {
        fixed (byte* p = data)
        {
            nuint size = Methods.ZSTD_findFrameCompressedSize(p, (nuint)data.Length);
            return Methods.ZSTD_isError(size) ? -1 : (long)size;
        }
    }

    private sealed class ArchiveLines(string path, string name, bool verify, StreamScan scan)
    {
        private byte[] _carry = [];
        private long _frame;

        public void Add(byte[] decoded, long frameOffset)
        {
            ReadOnlySpan<byte> data = decoded;
            if (_carry.Length > 0)
            {
                // A line continuing across frames: the readers see one continuous stream.
                int lf = data.IndexOf((byte)'\n');
                if (lf < 0)
                {
                    _carry = [.. _carry, .. data];
                    return;
                }

                Line([.. _carry, .. data[..lf]]);
                _carry = [];
                data = data[(lf + 1)..];
            }

            _frame = frameOffset;
            while (true)
            {
                int lf = data.IndexOf((byte)'\n');
                if (lf < 0)
                {
                    _carry = data.ToArray();
                    return;
                }

                Line(data[..lf]);
                data = data[(lf + 1)..];
            }
        }

        public void End()
        {
            if (_carry.Length > 0)
            {
                scan.Findings.Add(new Finding(Severity.Warning, "archive-tail", path, _frame,
                    $"the archive ends with {_carry.Length} bytes without a final LF (ignored by readers)", name));
            }
        }

        private void Line(ReadOnlySpan<byte> line)
        {
            if (line.IsEmpty)
            {
                return;
            }

            if (verify && !LogInspection.TryParseLine(line, out _, out _, out var error))
            {
                scan.Findings.Add(new Finding(Severity.Error, "corrupt-archive", path, _frame,
                    $"archived event #{scan.ArchivedEvents} (in the frame at byte {_frame}) is not a valid event: {error}", name,
                    "quarantine the stream (eventfold repair <store> <type> <id> --quarantine --apply)"));
                return;
            }

            scan.ArchivedEvents++;
        }
    }
}
