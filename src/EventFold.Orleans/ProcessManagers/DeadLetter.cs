using EventFold.Orleans.Aggregates;
using EventFold.Orleans.Bus;

namespace EventFold.Orleans.ProcessManagers;

/// <summary>
/// A command a process manager could not get applied: rejected by the domain, refused by the bus, or failing after every
/// retry. Stored in <c>&lt;base&gt;/process-managers/&lt;name&gt;/dead-letters.jsonl</c>; the manager moved on past it.
/// </summary>
[GenerateSerializer, Immutable, Alias("EventFold.DeadLetter")]
public sealed record DeadLetter
{
    /// <summary>The letter's id: the command id of its envelope (one letter per command).</summary>
    [Id(0)] public required string LetterId { get; init; }

    /// <summary>The command as JSON, with its original context and command id: what a replay sends.</summary>
    [Id(1)] public required JsonCommandEnvelope Envelope { get; init; }

    /// <summary>The last error's code: the domain error's code, or the exception's type name.</summary>
    [Id(2)] public required string ErrorCode { get; init; }

    /// <summary>The last error's message.</summary>
    [Id(3)] public required string ErrorMessage { get; init; }

    /// <summary>What kind of failure the last error was: <c>rejected</c> (a domain error), or the exception's full type name.</summary>
    [Id(4)] public required string ErrorType { get; init; }

    /// <summary>How often the command was sent, replays included.</summary>
    [Id(5)] public required int Attempts { get; init; }

    /// <summary>When the command was first sent.</summary>
    [Id(6)] public required DateTimeOffset FirstAttempt { get; init; }

    /// <summary>When the command was last sent.</summary>
    [Id(7)] public required DateTimeOffset LastAttempt { get; init; }

    /// <summary>The event that caused the command: its stream and version.</summary>
    [Id(8)] public required StreamPosition Source { get; init; }

    /// <summary>When a replay got the command applied; <see langword="null"/> while unresolved.</summary>
    [Id(9)] public DateTimeOffset? ResolvedAt { get; init; }

    /// <summary>Whether a replay got the command applied.</summary>
    public bool Resolved => ResolvedAt is not null;
}
