namespace EventFold.Orleans.ProcessManagers;

/// <summary>How process managers run in a silo; set with <c>services.Configure&lt;ProcessManagerOptions&gt;(...)</c>.</summary>
public sealed class ProcessManagerOptions
{
    /// <summary>At most this many commands of one manager are being dispatched at once (default 64); when full, the manager stops reading events until one completes.</summary>
    public int MaxInFlight { get; set; } = 64;

    /// <summary>How often a command that fails with a transient error is sent before it becomes a dead letter (default 5, the first send included).</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The wait before the first retry (default 200 ms); each further retry waits twice as long, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest wait between two retries (default 10 s).</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Activate every process manager grain class when the silo starts, so each catches up at once (default on).</summary>
    public bool ActivateOnSiloStart { get; set; } = true;

    /// <summary>How often an active manager checks every followed stream for events it missed (default 1 minute); <see cref="TimeSpan.Zero"/> turns polling off.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The wait before retry number <paramref name="retry"/> (1 for the first).</summary>
    internal TimeSpan RetryDelay(int retry) =>
        TimeSpan.FromTicks((long)Math.Min(MaxRetryDelay.Ticks, FirstRetryDelay.Ticks * Math.Pow(2, Math.Min(retry - 1, 30))));
}
