namespace EventFold;

/// <summary>The wait behind <see cref="EventReader.WaitForEventsAsync"/>: shared file-system notifications plus polling.</summary>
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

        using DirectoryWatch watch = DirectoryWatch.Acquire(reader.Directory);
        TimeProvider time = reader.TimeProvider;
        long started = time.GetTimestamp();
        while (true)
        {
            // Take the signal before re-checking, so an append between the check and the wait still wakes us.
            Task changed = watch.Changed;
            size = reader.ActiveLogSize();
            if (size > offset)
            {
                return size;
            }

            TimeSpan wait = PollInterval;
            if (timeout != Timeout.InfiniteTimeSpan)
            {
                TimeSpan remaining = timeout - time.GetElapsedTime(started);
                if (remaining <= TimeSpan.Zero)
                {
                    return null;
                }

                wait = remaining < wait ? remaining : wait;
            }

            using var delayCancel = CancellationTokenSource.CreateLinkedTokenSource(ct);
            Task delay = Task.Delay(wait, time, delayCancel.Token);
            await Task.WhenAny(changed, delay).ConfigureAwait(false);
            await delayCancel.CancelAsync().ConfigureAwait(false);
            ct.ThrowIfCancellationRequested();
        }
    }
}
