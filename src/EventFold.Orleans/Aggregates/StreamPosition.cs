namespace EventFold.Orleans.Aggregates;

/// <summary>A point in one aggregate's stream: after <paramref name="Version"/> events of <paramref name="AggregateType"/>/<paramref name="Id"/>.</summary>
/// <param name="AggregateType">The aggregate type name, e.g. <c>order</c>.</param>
/// <param name="Id">The aggregate instance id.</param>
/// <param name="Version">The number of events in the stream at that point.</param>
/// <remarks>Returned by every command so that readers can wait until they have seen it (read-your-writes).</remarks>
[GenerateSerializer, Immutable, Alias("EventFold.StreamPosition")]
public sealed record StreamPosition(
    [property: Id(0)] string AggregateType,
    [property: Id(1)] string Id,
    [property: Id(2)] long Version);
