using System.Text.Json;
using EventFold.Orleans.Bus;

namespace EventFold.Orleans.ProcessManagers;

/// <summary>Turns a typed envelope into the JSON form a dead letter stores and a replay sends.</summary>
internal static class DeadLetterEnvelope
{
    /// <summary>The JSON envelope of <paramref name="envelope"/>: the command's stable type name and its JSON with the store's options.</summary>
    public static JsonCommandEnvelope ToJson(CommandEnvelope envelope, JsonSerializerOptions json) => new()
    {
        AggregateType = envelope.AggregateType,
        AggregateId = envelope.AggregateId,
        CommandType = envelope.Command.GetType().FullName!,
        Payload = JsonSerializer.Serialize(envelope.Command, envelope.Command.GetType(), json),
        Context = envelope.Context,
    };
}
