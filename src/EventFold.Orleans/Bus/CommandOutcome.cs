using EventFold.Orleans.Aggregates;

namespace EventFold.Orleans.Bus;

/// <summary>What a dispatched command came to: accepted (events written, possibly none) or rejected with a domain error.</summary>
/// <remarks>
/// A rejection comes from the aggregate's decision or from a middleware that short-circuited the dispatch; nothing was
/// written then. Failures that are not domain decisions (unknown types, malformed JSON, I/O) are thrown as exceptions.
/// </remarks>
[GenerateSerializer, Alias("EventFold.CommandOutcome")]
public sealed record CommandOutcome
{
    /// <summary>The domain error when the command was rejected; <see langword="null"/> when it was accepted.</summary>
    [Id(0)] public DomainError? Error { get; init; }

    /// <summary>The target stream's version after the command (0 when a middleware answered without reaching the aggregate).</summary>
    [Id(1)] public long Version { get; init; }

    /// <summary>How many events the command appended (for a duplicate: the original execution appended).</summary>
    [Id(2)] public int EventCount { get; init; }

    /// <summary>Whether the command id had already been applied, so nothing was appended this time.</summary>
    [Id(3)] public bool WasDuplicate { get; init; }

    /// <summary>The appended events, when the aggregate echoed them (see <c>CommandResult.EventsOmitted</c>).</summary>
    [Id(4)] public IReadOnlyList<object> Events { get; init; } = [];

    /// <summary>Whether the command was accepted.</summary>
    public bool Succeeded => Error is null;

    /// <summary>A rejection with the given error, e.g. from a middleware that refuses the command.</summary>
    /// <param name="error">The domain error.</param>
    public static CommandOutcome Rejected(DomainError error) => new() { Error = error ?? throw new ArgumentNullException(nameof(error)) };
}
