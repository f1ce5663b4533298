namespace EventFold.Orleans.Store;

/// <summary>
/// Thrown when a store directory cannot be opened because another process owns it, or because the
/// processes that use it disagree about sharing it.
/// </summary>
[GenerateSerializer, Alias("EventFold.StoreLockedException")]
public sealed class StoreLockedException : IOException
{
    /// <summary>Creates the exception for the store at <paramref name="storeDirectory"/>.</summary>
    /// <param name="storeDirectory">Full path of the store's base directory.</param>
    /// <param name="lockPath">Full path of the lock file that could not be locked.</param>
    /// <param name="shared">Whether this process asked for shared access.</param>
    /// <param name="innerException">The sharing violation reported by the file system.</param>
    public StoreLockedException(string storeDirectory, string lockPath, bool shared, Exception? innerException = null)
        : base(BuildMessage(storeDirectory, lockPath, shared), innerException)
    {
        StoreDirectory = storeDirectory;
        LockPath = lockPath;
    }

    /// <summary>Full path of the store's base directory.</summary>
    [Id(0)] public string StoreDirectory { get; }

    /// <summary>Full path of the lock file that could not be locked.</summary>
    [Id(1)] public string LockPath { get; }

    private static string BuildMessage(string storeDirectory, string lockPath, bool shared) => shared
        ? $"EventFold store \"{storeDirectory}\" is owned exclusively by another process (lock file \"{lockPath}\"). "
            + "Every process that shares a store must set EventFoldOptions.SharedByClusterSilos = true."
        : $"EventFold store \"{storeDirectory}\" is already in use: another process owns it (lock file \"{lockPath}\"). "
            + "Stop that process, use another directory, or, if several silos of one cluster on this host should share "
            + "the store, set EventFoldOptions.SharedByClusterSilos = true in all of them.";
}
