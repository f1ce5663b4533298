namespace EventFold.Orleans.Projections;

/// <summary>Writes a checkpoint journal's tail crash-safely with the core's durable-file primitives (whole-file replaces use <c>DurableFile.ReplaceAtomically</c>).</summary>
internal static class DurableReplace
{
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
            DirectorySync.Flush(Path.GetDirectoryName(path)!);
        }
    }
}
