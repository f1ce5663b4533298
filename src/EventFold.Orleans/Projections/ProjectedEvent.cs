using EventFold.Orleans.Aggregates;

namespace EventFold.Orleans.Projections;

/// <summary>One event of a followed stream as a projection sees it: where it comes from, the typed event and its metadata.</summary>
/// <remarks>The event is decoded with the aggregate's own event types, so <see cref="Event"/> is an instance of that aggregate's event base type.</remarks>
public sealed record ProjectedEvent
{
    /// <summary>The aggregate type name of the stream, e.g. <c>order</c>.</summary>
    public required string AggregateType { get; init; }

    /// <summary>The aggregate instance id.</summary>
    public required string AggregateId { get; init; }

    /// <summary>The stream version this event produced: 1 for the stream's first event.</summary>
    public required long Version { get; init; }

    /// <summary>The domain event, typed with the aggregate's event classes.</summary>
    public required object Event { get; init; }

    /// <summary>The event's id.</summary>
    public string? EventId { get; init; }

    /// <summary>The actor that issued the command.</summary>
    public string? Actor { get; init; }

    /// <summary>Unix seconds when the event was decided.</summary>
    public ulong Timestamp { get; init; }

    /// <summary>The id of the command that produced the event.</summary>
    public string? CommandId { get; init; }

    /// <summary>The correlation id of the request.</summary>
    public string? CorrelationId { get; init; }

    /// <summary>The id of the message that caused the command.</summary>
    public string? CausationId { get; init; }

    /// <summary>The free-form metadata of the command.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>The stream position just after this event (what <c>Execute</c> returned for its command, if it was the command's last event).</summary>
    public StreamPosition Position => new(AggregateType, AggregateId, Version);
}
