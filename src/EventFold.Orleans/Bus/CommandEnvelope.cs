using EventFold.Orleans.Commands;

namespace EventFold.Orleans.Bus;

/// <summary>A typed command addressed to one aggregate instance by its aggregate type name: what <see cref="ICommandBus"/> dispatches.</summary>
/// <remarks>
/// A process manager's envelopes get their <see cref="CommandContext.CorrelationId"/> and <see cref="CommandContext.CausationId"/>
/// from the triggering event unless set, and a deterministic <see cref="CommandContext.CommandId"/>.
/// </remarks>
[GenerateSerializer, Alias("EventFold.CommandEnvelope")]
public sealed record CommandEnvelope
{
    /// <summary>The target's aggregate type name, e.g. <c>order</c> (its <c>[AggregateType]</c>).</summary>
    [Id(0)] public required string AggregateType { get; init; }

    /// <summary>The target aggregate instance id.</summary>
    [Id(1)] public required string AggregateId { get; init; }

    /// <summary>The command: an instance of the target aggregate's command base type.</summary>
    [Id(2)] public required object Command { get; init; }

    /// <summary>Actor, ids and metadata written into every event the command produces.</summary>
    [Id(3)] public CommandContext Context { get; init; } = CommandContext.None;
}
