using System.Diagnostics;

namespace EventFold;

/// <summary>The wait behind <see cref="EventReader.WaitForEventsAsync"/>: file-system notifications plus polling.</summary>
internal static class LogWatcher
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    internal static async Task<long?> WaitAsync(EventReader reader, long offset, TimeSpan timeout, CancellationToken ct)
    {
        if (timeout < TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "Timeout must be non-negative or infinite.");
        }

        ct.ThrowIfCancellationRequested();
        long size = reader.ActiveLogSize();
        if (size > offset)
        {
            return size;
        }

        using var signal = new SemaphoreSlim(0);
        using FileSystemWatcher? watcher = TryWatch(reader.Directory, signal);

        // Re-check after arming: an append between the first check and the watcher start would otherwise be missed.
        size = reader.ActiveLogSize();
        if (size > offset)
        {
            return size;
        }

        var clock = Stopwatch.StartNew();
        while (true)
        {
            TimeSpan wait = PollInterval;
            if (timeout != Timeout.InfiniteTimeSpan)
            {
                TimeSpan remaining = timeout - clock.Elapsed;
                if (remaining <= TimeSpan.Zero)
                {
                    return null;
                }

                wait = remaining < wait ? remaining : wait;
            }

            await signal.WaitAsync(wait, ct).ConfigureAwait(false);
            size = reader.ActiveLogSize();
            if (size > offset)
            {
                return size;
            }
        }
    }

    private static FileSystemWatcher? TryWatch(string directory, SemaphoreSlim signal)
    {
        try
        {
            var watcher = new FileSystemWatcher(directory)
            {
                NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.FileName,
                IncludeSubdirectories = false,
            };
            FileSystemEventHandler wake = (_, _) => Release(signal);
            watcher.Changed += wake;
            watcher.Created += wake;
            watcher.Renamed += (_, _) => Release(signal);
            watcher.EnableRaisingEvents = true;
            return watcher;
        }
        catch (Exception e) when (e is ArgumentException or IOException or PlatformNotSupportedException)
        {
            return null; // directory missing or watches exhausted: polling alone still works
        }
    }

    private static void Release(SemaphoreSlim signal)
    {
        try
        {
            if (signal.CurrentCount == 0)
            {
                signal.Release();
            }
        }
        catch (ObjectDisposedException)
        {
            // The wait already finished; a late notification is harmless.
        }
    }
}
