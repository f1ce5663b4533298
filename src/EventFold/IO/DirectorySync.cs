namespace EventFold;

/// <summary>
/// Makes directory changes (a created file or subdirectory, a rename) durable by fsyncing the
/// directory itself, which .NET has no API for.
/// </summary>
/// <remarks>
/// On Linux and macOS the directory is opened read-only and fsynced. On Windows this is a no-op:
/// NTFS journals directory changes and a directory handle cannot be flushed.
/// </remarks>
public static class DirectorySync
{
    /// <summary>Creates <paramref name="path"/> and any missing parents, fsyncing each new directory and its parent (as log directories are created).</summary>
    /// <param name="path">The directory to create.</param>
    /// <param name="durable">Whether to fsync the created entries (<see langword="false"/> for <see cref="Durability.Buffered"/>).</param>
    /// <returns>Whether anything had to be created.</returns>
    public static bool CreateDirectory(string path, bool durable = true)
    {
        var created = new List<string>();
        LogDirectory.Create(Path.TrimEndingDirectorySeparator(Path.GetFullPath(path)), created, durable);
        return created.Count > 0;
    }

    /// <summary>Fsyncs <paramref name="path"/> unless this process already made it durable (a once-per-process cache shared with the log writers).</summary>
    /// <param name="path">An existing directory.</param>
    public static void EnsureDurable(string path) => LogDirectory.EnsureDurable(path);

    /// <summary>Fsyncs the directory <paramref name="path"/> so that its entries survive a power loss.</summary>
    /// <param name="path">An existing directory.</param>
    /// <exception cref="IOException">The directory could not be opened or flushed.</exception>
    public static void Flush(string path) => DurableFile.FsyncDirectory(path);
}
