using EventFold.Orleans.Store;

namespace EventFold.Cli.Repair;

/// <summary>
/// The store's exclusive lock, held by <c>repair --apply</c> for all its writes: the app cannot start meanwhile, and a
/// running app (which holds the lock, shared or exclusive) makes the repair refuse before it changes anything.
/// </summary>
internal static class StoreWriteAccess
{
    /// <summary>Takes the lock or throws a <see cref="CliException"/> with <see cref="ExitCodes.Locked"/>.</summary>
    public static StoreDirectoryLock Acquire(StorePaths paths)
    {
        try
        {
            return StoreDirectoryLock.Acquire(paths, shared: false);
        }
        catch (StoreLockedException e)
        {
            throw new CliException(
                $"the store is in use: another process holds {e.LockPath} ({e.Message}). Stop the app, then run the repair again; nothing was changed",
                ExitCodes.Locked);
        }
    }

    /// <summary>Holds the stream writer's lock on <c>app.jsonl</c> (if the file exists) while a stream is moved.</summary>
    public static IDisposable? LockStream(string directory)
    {
        var log = Path.Combine(directory, "app.jsonl");
        if (!File.Exists(log))
        {
            return null;
        }

        try
        {
            return File.Open(log, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new CliException($"the stream's writer lock on {log} is held by another process ({e.Message}); stop it and repair again", ExitCodes.Locked);
        }
    }
}
