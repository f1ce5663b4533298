namespace EventFold.Orleans.Aggregates;

/// <summary>What <see cref="IAggregateGrain{TState, TCommand, TEvent}.Execute"/> returns: the events a command produced, or its domain error.</summary>
/// <typeparam name="TEvent">The aggregate's event base type.</typeparam>
[GenerateSerializer, Alias("EventFold.CommandResult`1")]
public sealed record CommandResult<TEvent>
{
    /// <summary>
    /// The events appended by this command (for a duplicate, the events of the original execution), or none when they
    /// were too large to echo (see <see cref="EventsOmitted"/>).
    /// </summary>
    [Id(0)] public required TEvent[] Events { get; init; }

    /// <summary>The stream's version after the command: the number of events it holds.</summary>
    [Id(1)] public required long Version { get; init; }

    /// <summary>The stream position after the command, for read-your-writes.</summary>
    [Id(2)] public required StreamPosition Position { get; init; }

    /// <summary>The domain error when the command was rejected; then nothing was written.</summary>
    [Id(3)] public DomainError? Error { get; init; }

    /// <summary>Whether the command id had already been applied, so the original result was returned and nothing was appended.</summary>
    [Id(4)] public bool WasDuplicate { get; init; }

    /// <summary>How many events the command appended (for a duplicate: the original execution appended), also when <see cref="Events"/> omits them.</summary>
    /// <remarks>They are the stream's versions <c>Version - EventCount</c> up to <c>Version</c> (exclusive).</remarks>
    [Id(5)] public int EventCount { get; init; }

    /// <summary>
    /// Whether the events were written but are not echoed in <see cref="Events"/>, because their JSON size exceeds
    /// <c>EventFoldOptions.MaxResultEventBytes</c>: a grain response must stay below Orleans' message size limit.
    /// Read them from the stream when needed.
    /// </summary>
    [Id(6)] public bool EventsOmitted { get; init; }

    /// <summary>Whether the command was accepted (it may still have produced no events).</summary>
    public bool Succeeded => Error is null;
}
