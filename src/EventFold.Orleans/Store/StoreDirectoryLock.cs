using Microsoft.Win32.SafeHandles;

namespace EventFold.Orleans.Store;

/// <summary>Keeps other processes from using a store directory while this one does.</summary>
/// <remarks>
/// <para>By default one process owns a store: <see cref="Acquire(StorePaths, bool)"/> takes an exclusive, non-blocking lock on
/// <c>&lt;base&gt;/meta/store.lock</c> and holds it until <see cref="Dispose"/> or process exit (the OS releases it
/// even after a crash, so a stale lock file never blocks a restart).</para>
/// <para>With <c>shared: true</c> (<c>EventFoldOptions.SharedByClusterSilos</c>: several silos of one cluster on one
/// host) a shared lock is taken instead: any number of sharing processes coexist, and per-stream writer locks keep
/// one writer per stream. Shared and exclusive holders exclude each other, so a process that forgot the option
/// fails at start instead of writing next to the others.</para>
/// <para>Locks are advisory: only processes that take them are kept out. They are the core's <see cref="FileLock"/>
/// (on Unix <c>flock</c>, which network file systems may not honour; keep stores on a local disk), taken best effort:
/// skipped where the file system has no locks or <c>DOTNET_SYSTEM_IO_DISABLEFILELOCKING</c> is set.</para>
/// </remarks>
public sealed class StoreDirectoryLock : IDisposable
{
    private readonly SafeFileHandle _handle;

    private StoreDirectoryLock(SafeFileHandle handle, string lockPath, bool shared)
    {
        _handle = handle;
        LockPath = lockPath;
        IsShared = shared;
    }

    /// <summary>Full path of the lock file.</summary>
    public string LockPath { get; }

    /// <summary>Whether this is a shared lock (see remarks on the class).</summary>
    public bool IsShared { get; }

    /// <summary>Takes the store's lock, creating <c>meta/</c> and the lock file if needed. Does not wait.</summary>
    /// <param name="paths">The store's paths.</param>
    /// <param name="shared">Take a shared lock (<c>EventFoldOptions.SharedByClusterSilos</c>) instead of an exclusive one.</param>
    /// <returns>The held lock; dispose it to release.</returns>
    /// <exception cref="StoreLockedException">Another process holds a conflicting lock.</exception>
    public static StoreDirectoryLock Acquire(StorePaths paths, bool shared = false) => Acquire(paths, shared, Durability.Durable);

    /// <summary>Takes the store's lock; with <see cref="Durability.Buffered"/> the created <c>meta/</c> and lock file are not fsynced.</summary>
    /// <param name="paths">The store's paths.</param>
    /// <param name="shared">Take a shared lock instead of an exclusive one.</param>
    /// <param name="durability">Whether created entries are fsynced.</param>
    /// <returns>The held lock; dispose it to release.</returns>
    /// <exception cref="StoreLockedException">Another process holds a conflicting lock.</exception>
    public static StoreDirectoryLock Acquire(StorePaths paths, bool shared, Durability durability)
    {
        ArgumentNullException.ThrowIfNull(paths);
        bool durable = durability == Durability.Durable;
        DirectorySync.CreateDirectory(paths.MetaDirectory, durable);
        var created = !File.Exists(paths.StoreLockPath);

        SafeFileHandle handle;
        try
        {
            // Best effort, like the .NET share-mode lock this replaced: no lock where the file system has none.
            handle = FileLock.Open(
                paths.StoreLockPath, shared ? FileAccess.Read : FileAccess.ReadWrite, shared ? FileLockKind.Shared : FileLockKind.Exclusive, bestEffort: true);
        }
        catch (IOException e) when (FileLock.IsLockConflict(e))
        {
            throw new StoreLockedException(paths.BaseDirectory, paths.StoreLockPath, shared);
        }

        if (created && durable)
        {
            DirectorySync.Flush(paths.MetaDirectory);
        }

        return new StoreDirectoryLock(handle, paths.StoreLockPath, shared);
    }

    /// <summary>Releases the lock.</summary>
    public void Dispose() => _handle.Dispose();
}
