using System.Text.Json;
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

    /// <summary>The JSON form of a typed envelope, e.g. to store it as a dead letter or hand it to a tool.</summary>
    /// <param name="envelope">The typed envelope.</param>
    /// <param name="options">The JSON options the bus decodes with: the store's <c>EventFoldOptions.JsonSerializerOptions</c>.</param>
    /// <returns>The same target and context, the command's stable name (<see cref="CommandTypeName"/>) and its JSON.</returns>
    /// <exception cref="InvalidCommandEnvelopeException">The envelope has no command.</exception>
    public static JsonCommandEnvelope From(CommandEnvelope envelope, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        ArgumentNullException.ThrowIfNull(options);
        var command = envelope.Command ?? throw new InvalidCommandEnvelopeException(envelope.AggregateType, nameof(CommandEnvelope.Command), "it is null");
        var type = command.GetType();
        return new JsonCommandEnvelope
        {
            AggregateType = envelope.AggregateType,
            AggregateId = envelope.AggregateId,
            CommandType = CommandTypeName.Of(type),
            Payload = JsonSerializer.Serialize(command, type, options),
            Context = envelope.Context,
        };
    }
}
