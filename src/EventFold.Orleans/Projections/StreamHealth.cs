namespace EventFold.Orleans.Projections;

/// <summary>A followed stream whose events currently fail: the error, how often it was tried, when to try again, whether it is stopped.</summary>
internal sealed class StreamHealth
{
    public required string Error { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset RetryAt { get; set; }

    public bool Stopped { get; set; }

    /// <summary>Exponential backoff from 200 ms, at most 30 s.</summary>
    public static TimeSpan Backoff(int attempts) =>
        TimeSpan.FromMilliseconds(Math.Min(30_000, 200 * Math.Pow(2, Math.Min(attempts - 1, 16))));
}
