namespace EventFold.Orleans.Commands;

/// <summary>
/// One domain event with what the log stores beside it: id, actor, timestamp and the command's metadata.
/// It is the entry type of the aggregate grains' journal.
/// </summary>
/// <typeparam name="TEvent">The aggregate's event base type.</typeparam>
[GenerateSerializer, Alias("EventFold.EventEnvelope`1")]
public sealed record EventEnvelope<TEvent>
    where TEvent : class
{
    /// <summary>The domain event.</summary>
    [Id(0)] public required TEvent Event { get; init; }

    /// <summary>The event's id (a UUIDv7 unless the command context supplied one).</summary>
    [Id(1)] public string? EventId { get; init; }

    /// <summary>The actor from the command context.</summary>
    [Id(2)] public string? Actor { get; init; }

    /// <summary>Unix seconds when the event was decided.</summary>
    [Id(3)] public ulong Timestamp { get; init; }

    /// <summary>The id of the command that produced the event.</summary>
    [Id(4)] public string? CommandId { get; init; }

    /// <summary>The fingerprint (type and content hash) of that command; tells a resent command from another one reusing its id.</summary>
    [Id(8)] public string? CommandHash { get; init; }

    /// <summary>The correlation id from the command context.</summary>
    [Id(5)] public string? CorrelationId { get; init; }

    /// <summary>The causation id from the command context.</summary>
    [Id(6)] public string? CausationId { get; init; }

    /// <summary>The free-form metadata from the command context (values that were not JSON strings keep their JSON text).</summary>
    [Id(7)] public Dictionary<string, string>? Metadata { get; init; }
}
