using EventFold.Orleans.Commands;

namespace EventFold.Orleans.Bus;

/// <summary>
/// A command in JSON form, for tools, external callers and stored dead letters: the target, the command's stable type
/// name and its JSON payload. <see cref="ICommandBus"/> decodes it with the store's serializer options.
/// </summary>
[GenerateSerializer, Alias("EventFold.JsonCommandEnvelope")]
public sealed record JsonCommandEnvelope
{
    /// <summary>The target's aggregate type name, e.g. <c>order</c>.</summary>
    [Id(0)] public required string AggregateType { get; init; }

    /// <summary>The target aggregate instance id.</summary>
    [Id(1)] public required string AggregateId { get; init; }

    /// <summary>The command's stable type name (its <c>[CommandType]</c> name).</summary>
    [Id(2)] public required string CommandType { get; init; }

    /// <summary>The command as a JSON object.</summary>
    [Id(3)] public required string Payload { get; init; }

    /// <summary>Actor, ids and metadata written into every event the command produces.</summary>
    [Id(4)] public CommandContext Context { get; init; } = CommandContext.None;
}
