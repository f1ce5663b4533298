using ZstdSharp;

namespace EventFold;

/// <summary>
/// Splits the decompressed archive stream into LF-terminated lines, turning every decoder failure into one
/// <see cref="CorruptArchiveException"/>.
/// </summary>
/// <remarks>
/// Kept apart from the iterator in <see cref="ArchiveFile"/> because C# iterators cannot yield inside a try/catch.
/// After an error the reader is finished: callers see exactly one exception, never a stream of them (the Rust reader
/// repeats its decoder error forever).
/// </remarks>
internal sealed class ArchiveLineReader(string archivePath, Stream compressed) : IDisposable
{
    private readonly DecompressionStream decompressed = new(compressed, checkEndOfStream: true, leaveOpen: false);
    private byte[] buffer = new byte[64 * 1024];
    private int start;
    private int end;
    private bool finished;

    /// <summary>Reads the next complete line (without its LF).</summary>
    /// <returns>The line, or <see langword="null"/> at the end of the stream. A final segment without LF is dropped,
    /// like the Rust reader does; archives written by this library never contain one.</returns>
    /// <exception cref="CorruptArchiveException">A frame is truncated or corrupt.</exception>
    public byte[]? ReadLine()
    {
        while (true)
        {
            int lf = buffer.AsSpan(start, end - start).IndexOf((byte)'\n');
            if (lf >= 0)
            {
                byte[] line = buffer.AsSpan(start, lf).ToArray();
                start += lf + 1;
                return line;
            }

            if (finished || !Fill())
            {
                finished = true;
                return null;
            }
        }
    }

    public void Dispose() => decompressed.Dispose();

    private bool Fill()
    {
        if (start > 0)
        {
            buffer.AsSpan(start, end - start).CopyTo(buffer);
            end -= start;
            start = 0;
        }

        if (end == buffer.Length)
        {
            Array.Resize(ref buffer, buffer.Length * 2);
        }

        int read;
        try
        {
            read = decompressed.Read(buffer, end, buffer.Length - end);
        }
        catch (Exception e) when (e is ZstdException or EndOfStreamException or InvalidDataException)
        {
            finished = true;
            throw new CorruptArchiveException(archivePath, $"cannot decode zstd data: {e.Message}", e);
        }

        end += read;
        return read > 0;
    }
}
