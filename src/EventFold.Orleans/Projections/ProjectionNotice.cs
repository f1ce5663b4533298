namespace EventFold.Orleans.Projections;

/// <summary>
/// The wake-up a write publishes: stream, the versions it added and where the log ends after it. Only a hint: the
/// projection reads the events from the store, so a lost or repeated notice changes nothing.
/// </summary>
[GenerateSerializer, Immutable, Alias("EventFold.ProjectionNotice")]
public sealed record ProjectionNotice(
    [property: Id(0)] string AggregateType,
    [property: Id(1)] string Id,
    [property: Id(2)] long FromVersion,
    [property: Id(3)] long ToVersion,
    [property: Id(4)] long EndOffset,
    [property: Id(5)] string Hash);
