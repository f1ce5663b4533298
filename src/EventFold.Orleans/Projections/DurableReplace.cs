namespace EventFold.Orleans.Projections;

/// <summary>Replaces or creates files crash-safely with the core's durable-file primitives.</summary>
internal static class DurableReplace
{
    /// <summary>Writes <paramref name="bytes"/> to <c>path.tmp</c>, fsyncs it, renames it over <paramref name="path"/> and fsyncs the directory.</summary>
    public static void Write(string path, ReadOnlySpan<byte> bytes) => DurableFile.ReplaceAtomically(path, bytes);

    /// <summary>Writes <paramref name="bytes"/> at <paramref name="offset"/> (cutting off anything after it first) and fsyncs the file.</summary>
    public static void WriteAt(string path, long offset, ReadOnlySpan<byte> bytes)
    {
        var created = !File.Exists(path);
        using (var handle = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            if (RandomAccess.GetLength(handle) != offset)
            {
                RandomAccess.SetLength(handle, offset);
            }

            RandomAccess.Write(handle, bytes, offset);
            DurableFile.FlushToDisk(handle);
        }

        if (created)
        {
            DurableFile.FsyncDirectory(Path.GetDirectoryName(path)!);
        }
    }
}
