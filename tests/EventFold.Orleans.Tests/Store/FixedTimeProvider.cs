namespace EventFold.Orleans.Tests.Store;

/// <summary>A clock that reads a settable wall time; timers and timestamps stay real.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
