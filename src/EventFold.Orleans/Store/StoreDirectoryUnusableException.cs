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
}
