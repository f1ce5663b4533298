namespace EventFold.Orleans.Commands;

/// <summary>
/// Who sent a command and why: travels with the command and is written into every event it produces
/// (<c>actor</c>, and <c>meta</c> with the ids and the free-form metadata).
/// </summary>
/// <remarks>
/// A <see cref="CommandId"/> makes the command idempotent: an aggregate that has already applied a command with
/// the same id returns the original result and appends nothing (within its deduplication window). The id is kept with
/// a fingerprint of the command (type and JSON hash, <c>meta.command_hash</c>): the same id with a different command is
/// refused with <c>CommandIdReusedException</c>.
/// </remarks>
[GenerateSerializer, Alias("EventFold.CommandContext")]
public sealed record CommandContext
{
    /// <summary>The metadata keys the runtime writes itself; user metadata may not use them.</summary>
    public static readonly IReadOnlySet<string> ReservedMetadataKeys =
        new HashSet<string>(StringComparer.Ordinal) { MetaKeys.CommandId, MetaKeys.CommandHash, MetaKeys.CorrelationId, MetaKeys.CausationId };

    /// <summary>An empty context: no actor, no ids, no metadata.</summary>
    public static CommandContext None { get; } = new();

    /// <summary>The user or system acting; written as the events' <c>actor</c>.</summary>
    [Id(0)] public string? Actor { get; init; }

    /// <summary>Groups everything caused by one user request.</summary>
    [Id(1)] public string? CorrelationId { get; init; }

    /// <summary>The id of the message (event or command) that caused this command.</summary>
    [Id(2)] public string? CausationId { get; init; }

    /// <summary>The command's own id; makes the command idempotent.</summary>
    [Id(3)] public string? CommandId { get; init; }

    /// <summary>Free-form metadata copied into every event's <c>meta</c>.</summary>
    [Id(4)] public Dictionary<string, string>? Metadata { get; init; }

    /// <summary>Event ids to use instead of new UUIDv7s, in event order; events beyond the list get new ids.</summary>
    [Id(5)] public string[]? EventIds { get; init; }

    /// <summary>
    /// The stream version the caller last saw (<c>CommandResult.Version</c> or <c>VersionedState.Version</c>): the command is
    /// refused with <c>ExpectedVersionMismatchException</c>, and nothing is written, when the stream is at another version.
    /// <see langword="null"/> (the default) decides against whatever the stream holds.
    /// </summary>
    /// <remarks>A resent command whose <see cref="CommandId"/> was already applied still returns its original result: duplicates are recognised first.</remarks>
    [Id(6)] public long? ExpectedVersion { get; init; }

    /// <summary>
    /// This command's durability, overriding the aggregate type's (<c>[AggregateDurability]</c>) and the store's
    /// (<c>EventFoldOptions.Durability</c>); <see langword="null"/> (the default) keeps theirs.
    /// </summary>
    /// <remarks>
    /// <para><see cref="EventFold.Durability.Durable"/>: the command returns after its events are on stable storage
    /// (<c>fdatasync</c>/<c>syncfs</c>, shared with every command waiting at that moment). They survive a process crash
    /// and a power loss. In a Buffered store, the new stream's directory entries and registry line are flushed with
    /// them on Linux (one <c>syncfs</c>); elsewhere only the log file is flushed.</para>
    /// <para><see cref="EventFold.Durability.Buffered"/>: the command returns once its events are written to the
    /// operating system, with no flush at all. They survive a crash of the process, not necessarily a power loss or an
    /// OS crash: then the most recent buffered commands may be lost, each entirely (never a part of one) and never an
    /// earlier event. The next flush of the same log (a later durable command) makes them durable too.</para>
    /// <para>A command that waits in the same group as a durable one is flushed with it.</para>
    /// </remarks>
    [Id(7)] public Durability? Durability { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> when the context cannot be written faithfully.</summary>
    public void Validate()
    {
        if (CommandId is { Length: 0 })
        {
            throw new ArgumentException("CommandContext.CommandId must not be empty; use null for no id.", nameof(CommandId));
        }

        if (Durability is { } durability && !Enum.IsDefined(durability))
        {
            throw new ArgumentException($"CommandContext.Durability {(int)durability} is not a Durability value; use Durable, Buffered or null.", nameof(Durability));
        }

        if (ExpectedVersion is < 0)
        {
            throw new ArgumentException($"CommandContext.ExpectedVersion must be 0 or positive, not {ExpectedVersion}; use null to skip the check.", nameof(ExpectedVersion));
        }

        if (Metadata is null)
        {
            return;
        }

        foreach (var key in Metadata.Keys)
        {
            if (ReservedMetadataKeys.Contains(key))
            {
                throw new ArgumentException(
                    $"CommandContext.Metadata may not use the reserved key '{key}'; set the matching CommandContext property instead.",
                    nameof(Metadata));
            }
        }
    }
}
