using EventFold.Orleans.Projections;

namespace EventFold.Orleans.ProcessManagers;

/// <summary>How a process manager is doing: what it reacted to and sent, what is in flight, its dead letters and which streams it is behind on.</summary>
[GenerateSerializer, Immutable, Alias("EventFold.ProcessManagerStatus")]
public sealed record ProcessManagerStatus
{
    /// <summary>The manager's name.</summary>
    [Id(0)] public required string Name { get; init; }

    /// <summary>The manager's version.</summary>
    [Id(1)] public required int Version { get; init; }

    /// <summary>Events reacted to by this activation (a resume from the checkpoint reacts again to what came after it).</summary>
    [Id(2)] public required long EventsReacted { get; init; }

    /// <summary>Commands this activation started to dispatch.</summary>
    [Id(3)] public required long CommandsSent { get; init; }

    /// <summary>Commands of this activation that were applied (or recognised as already applied).</summary>
    [Id(4)] public required long CommandsSucceeded { get; init; }

    /// <summary>Commands of this activation that became dead letters.</summary>
    [Id(5)] public required long CommandsDeadLettered { get; init; }

    /// <summary>Commands being dispatched now (retries included).</summary>
    [Id(6)] public required int InFlight { get; init; }

    /// <summary>The most commands in flight at once in this activation; never above <see cref="ProcessManagerOptions.MaxInFlight"/>.</summary>
    [Id(7)] public required int MaxInFlightSeen { get; init; }

    /// <summary>Unresolved dead letters.</summary>
    [Id(8)] public required int DeadLetters { get; init; }

    /// <summary>The number of streams with a cursor.</summary>
    [Id(9)] public required int StreamsTracked { get; init; }

    /// <summary>When the checkpoint was last saved by this activation, if it was.</summary>
    [Id(10)] public DateTimeOffset? LastCheckpoint { get; init; }

    /// <summary>The last error (a failing stream, a failed checkpoint or dead-letter write).</summary>
    [Id(11)] public string? LastError { get; init; }

    /// <summary>How often this activation started over from scratch.</summary>
    [Id(12)] public int Rebuilds { get; init; }

    /// <summary>Why it last started over (version change, unreadable checkpoint, rewritten stream).</summary>
    [Id(13)] public string? LastRebuildReason { get; init; }

    /// <summary>Streams with unread events or failing (lag in events, error, whether stopped); the versions are those reacted to.</summary>
    [Id(14)] public required IReadOnlyList<ProjectionStreamStatus> Streams { get; init; }
}
