namespace EventFold.Orleans.Store;

/// <summary>
/// Thrown at silo start when the store's base directory cannot hold a store: it is a file, a part of the layout
/// (<c>meta/</c>, <c>streams/</c>, the registry or the lock file) is in the way, or the directory cannot be written.
/// </summary>
[GenerateSerializer, Alias("EventFold.StoreDirectoryUnusableException")]
public sealed class StoreDirectoryUnusableException : IOException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="storeDirectory">Full path of the store's base directory.</param>
    /// <param name="path">The path that could not be used.</param>
    /// <param name="problem">What is wrong and what to do, as one sentence.</param>
    /// <param name="innerException">The file system's error, if any.</param>
    public StoreDirectoryUnusableException(string storeDirectory, string path, string problem, Exception? innerException = null)
        : base($"EventFold store \"{storeDirectory}\" cannot be opened: \"{path}\" {problem}", innerException)
    {
        StoreDirectory = storeDirectory;
        Path = path;
    }

    /// <summary>Full path of the store's base directory.</summary>
    [Id(0)] public string StoreDirectory { get; }

    /// <summary>The path that could not be used.</summary>
    [Id(1)] public string Path { get; }

    /// <summary>The typed start-up error for a file-system failure: names the path in the way and what to do.</summary>
    /// <param name="paths">The store's paths.</param>
    /// <param name="e">The file system's error.</param>
    /// <returns>The exception to throw.</returns>
    internal static StoreDirectoryUnusableException ForStartFailure(StorePaths paths, Exception e)
    {
        // The first path of the layout that exists but is not a directory is what blocks creation.
        foreach (var path in new[] { paths.MetaDirectory, paths.StreamsDirectory })
        {
            if (File.Exists(path))
            {
                return new StoreDirectoryUnusableException(paths.BaseDirectory, path,
                    "is a file where the store keeps a directory. Move it away, or point EventFoldOptions.BaseDirectory at another directory.", e);
            }
        }

        for (var parent = System.IO.Path.GetDirectoryName(paths.BaseDirectory); parent is not null; parent = System.IO.Path.GetDirectoryName(parent))
        {
            if (File.Exists(parent))
            {
                return new StoreDirectoryUnusableException(paths.BaseDirectory, parent,
                    "is a file, so the base directory below it cannot be created. Set EventFoldOptions.BaseDirectory to a path under a directory.", e);
            }
        }

        return new StoreDirectoryUnusableException(paths.BaseDirectory, paths.BaseDirectory,
            $"cannot be written ({e.Message}). Give the silo's user write access to it, or set EventFoldOptions.ReadOnly = true to open the store for reads only.", e);
    }
}
