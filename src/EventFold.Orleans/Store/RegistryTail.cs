using Microsoft.Win32.SafeHandles;

namespace EventFold.Orleans.Store;

/// <summary>Reads the complete registry lines past a known offset, telling a torn tail from corruption.</summary>
/// <remarks>
/// A torn tail is what a crash during an append leaves: a final segment without LF, or a final line that is not
/// JSON. It is ignored here (the committed end stops before it) and cut off by the writer before its next append.
/// Any other bad line is corruption. Empty lines are skipped, as eventfold readers skip them.
/// </remarks>
internal static class RegistryTail
{
    /// <summary>Reads from <paramref name="from"/> to the current end of the file.</summary>
    /// <param name="handle">An open handle on the registry file.</param>
    /// <param name="path">The file's path, for errors.</param>
    /// <param name="from">The offset up to which the file has already been read; always a line start.</param>
    /// <param name="committedEnd">The offset just past the last complete, valid line.</param>
    /// <returns>The records found, in file order.</returns>
    /// <exception cref="CorruptRegistryException">A bad line that is not a torn tail, or the file shrank.</exception>
    public static List<RegistryRecord> Read(SafeFileHandle handle, string path, long from, out long committedEnd)
    {
        var length = RandomAccess.GetLength(handle);
        if (length < from)
        {
            throw new CorruptRegistryException(path, length,
                $"the file has {length} bytes, fewer than the {from} already read: it was truncated or replaced");
        }

        var buffer = new byte[checked((int)(length - from))];
        var filled = 0;
        while (filled < buffer.Length)
        {
            var read = RandomAccess.Read(handle, buffer.AsSpan(filled), from + filled);
            if (read == 0)
            {
                break;
            }

            filled += read;
        }

        return Parse(buffer.AsSpan(0, filled), from, path, out committedEnd);
    }

    /// <summary>Parses <paramref name="bytes"/>, which start at file offset <paramref name="baseOffset"/>.</summary>
    internal static List<RegistryRecord> Parse(ReadOnlySpan<byte> bytes, long baseOffset, string path, out long committedEnd)
    {
        var records = new List<RegistryRecord>();
        var position = 0;
        committedEnd = baseOffset;
        while (position < bytes.Length)
        {
            var lineLength = bytes[position..].IndexOf((byte)'\n');
            if (lineLength < 0)
            {
                break;
            }

            var next = position + lineLength + 1;
            if (lineLength > 0)
            {
                var status = RegistryRecord.TryParse(bytes.Slice(position, lineLength), out var record, out var error);
                if (status == RegistryLineStatus.NotJson && next == bytes.Length)
                {
                    break;
                }

                if (status != RegistryLineStatus.Valid)
                {
                    throw new CorruptRegistryException(path, baseOffset + position, error!);
                }

                records.Add(record);
            }

            position = next;
            committedEnd = baseOffset + position;
        }

        return records;
    }
}
