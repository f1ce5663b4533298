namespace EventFold.Orleans.Projections;

/// <summary>How a projection is doing: what it applied, when it last saved, what failed and which streams it is behind on.</summary>
[GenerateSerializer, Immutable, Alias("EventFold.ProjectionStatus")]
public sealed record ProjectionStatus
{
    /// <summary>The projection's name.</summary>
    [Id(0)] public required string Name { get; init; }

    /// <summary>The projection's version.</summary>
    [Id(1)] public required int Version { get; init; }

    /// <summary>Events applied by this activation (a resume from the checkpoint applies only what is new).</summary>
    [Id(2)] public required long EventsApplied { get; init; }

    /// <summary>The number of streams with a cursor.</summary>
    [Id(3)] public required int StreamsTracked { get; init; }

    /// <summary>When the checkpoint was last saved by this activation, if it was.</summary>
    [Id(4)] public DateTimeOffset? LastCheckpoint { get; init; }

    /// <summary>The last error of any stream, if one is failing.</summary>
    [Id(5)] public string? LastError { get; init; }

    /// <summary>How often this activation rebuilt from scratch, and why it last did.</summary>
    [Id(6)] public int Rebuilds { get; init; }

    /// <summary>Why the projection last rebuilt (version change, unreadable checkpoint, rewritten stream, explicit request).</summary>
    [Id(7)] public string? LastRebuildReason { get; init; }

    /// <summary>Streams that have unread events or are failing (lag in events, error, whether stopped).</summary>
    [Id(8)] public required IReadOnlyList<ProjectionStreamStatus> Streams { get; init; }
}

/// <summary>One followed stream that is behind or failing.</summary>
/// <param name="AggregateType">The aggregate type name.</param>
/// <param name="Id">The stream id.</param>
/// <param name="Version">The last version applied.</param>
/// <param name="Lag">Events stored but not applied yet.</param>
/// <param name="Error">The last error of <c>Apply</c> (or of reading) on this stream.</param>
/// <param name="Attempts">How often the failing event was tried.</param>
/// <param name="Stopped">Whether the projection gave up on this stream (until a rebuild or reactivation).</param>
[GenerateSerializer, Immutable, Alias("EventFold.ProjectionStreamStatus")]
public sealed record ProjectionStreamStatus(
    [property: Id(0)] string AggregateType,
    [property: Id(1)] string Id,
    [property: Id(2)] long Version,
    [property: Id(3)] long Lag,
    [property: Id(4)] string? Error,
    [property: Id(5)] int Attempts,
    [property: Id(6)] bool Stopped);
