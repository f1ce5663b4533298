namespace EventFold.Orleans.Aggregates;

/// <summary>An aggregate's confirmed state together with the version it reflects.</summary>
/// <typeparam name="TState">The state type.</typeparam>
/// <param name="State">The confirmed state.</param>
/// <param name="Version">The number of events folded into it.</param>
[GenerateSerializer, Alias("EventFold.VersionedState`1")]
public sealed record VersionedState<TState>([property: Id(0)] TState State, [property: Id(1)] long Version);
