namespace EventFold;

/// <summary>
/// One <see cref="FileSystemWatcher"/> per log directory, shared by all concurrent waits on it and disposed with the
/// last one. Each change completes the current <see cref="Changed"/> task and arms a new one.
/// </summary>
/// <remarks>
/// On Linux every watcher costs an inotify instance (128 per user by default); sharing keeps many subscribers of one
/// stream at one instance. When a watcher cannot be created, waits fall back to polling alone.
/// </remarks>
internal sealed class DirectoryWatch : IDisposable
{
    private static readonly Dictionary<string, DirectoryWatch> Active = new(StringComparer.Ordinal);
    private static readonly Lock Gate = new();

    private readonly string _directory;
    private readonly FileSystemWatcher? _watcher;
    private TaskCompletionSource _changed = NewSignal();
    private int _leases;

    private DirectoryWatch(string directory)
    {
        _directory = directory;
        _watcher = TryWatch(directory, OnChange);
    }

    /// <summary>Number of directories currently watched (for tests).</summary>
    internal static int ActiveCount
    {
        get
        {
            lock (Gate)
            {
                return Active.Count;
            }
        }
    }

    /// <summary>Completes at the next change in the directory. Take it before checking the condition waited for.</summary>
    public Task Changed => Volatile.Read(ref _changed).Task;

    /// <summary>Whether notifications are available (otherwise only polling works).</summary>
    public bool IsWatching => _watcher is not null;

    /// <summary>Takes a lease on the shared watch of <paramref name="directory"/>; dispose it exactly once.</summary>
    public static DirectoryWatch Acquire(string directory)
    {
        lock (Gate)
        {
            if (!Active.TryGetValue(directory, out DirectoryWatch? watch))
            {
                watch = new DirectoryWatch(directory);
                Active[directory] = watch;
            }

            watch._leases++;
            return watch;
        }
    }

    /// <summary>Releases one lease; the last one stops watching.</summary>
    public void Dispose()
    {
        lock (Gate)
        {
            if (--_leases > 0)
            {
                return;
            }

            Active.Remove(_directory);
        }

        _watcher?.Dispose();
        OnChange(); // wake anything still holding the last task
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void OnChange() => Interlocked.Exchange(ref _changed, NewSignal()).TrySetResult();

    private static FileSystemWatcher? TryWatch(string directory, Action onChange)
    {
        try
        {
            var watcher = new FileSystemWatcher(directory)
            {
                NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.FileName,
                IncludeSubdirectories = false,
            };
            watcher.Changed += (_, _) => onChange();
            watcher.Created += (_, _) => onChange();
            watcher.Renamed += (_, _) => onChange();
            watcher.Error += (_, _) => onChange();
            watcher.EnableRaisingEvents = true;
            return watcher;
        }
        catch (Exception e) when (e is ArgumentException or IOException or PlatformNotSupportedException)
        {
            return null; // directory missing or inotify instances exhausted: polling alone still works
        }
    }
}
