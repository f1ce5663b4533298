namespace EventFold;

/// <summary>Options for <see cref="EventWriter.Open"/>.</summary>
public sealed class EventWriterOptions
{
    /// <summary>When appends reach stable storage. Default <see cref="Durability.Durable"/>.</summary>
    public Durability Durability { get; set; } = Durability.Durable;

    /// <summary>How other writers are excluded. Default <see cref="LockMode.Flock"/>.</summary>
    public LockMode LockMode { get; set; } = LockMode.Flock;
}
