using System.Text.Json;
using EventFold.Orleans.Bus;

namespace EventFold.Orleans.ProcessManagers;

/// <summary>Turns a typed envelope into the JSON form a dead letter stores and a replay sends through <see cref="ICommandBus.SendJsonAsync"/>.</summary>
internal static class DeadLetterEnvelope
{
    /// <summary>
    /// The JSON envelope of <paramref name="envelope"/>: the command's stable <c>[CommandType]</c> name and its JSON with
    /// the store's options (what the bus decodes). A command that cannot be written as JSON gets the payload <c>{}</c>
    /// and <paramref name="problem"/> says why (its replay then fails as malformed, but the letter is kept).
    /// </summary>
    public static JsonCommandEnvelope ToJson(CommandEnvelope envelope, JsonSerializerOptions json, out string? problem)
    {
        var command = envelope.Command;
        string payload;
        problem = null;
        try
        {
            payload = command is null ? "null" : JsonSerializer.Serialize(command, command.GetType(), json);
        }
        catch (Exception e) when (e is NotSupportedException or InvalidOperationException or JsonException or ArgumentException)
        {
            payload = "{}";
            problem = $"the command could not be written as JSON: {e.Message}";
        }

        return new JsonCommandEnvelope
        {
            AggregateType = envelope.AggregateType,
            AggregateId = envelope.AggregateId,
            CommandType = command is null ? "" : CommandTypeName.Of(command.GetType()),
            Payload = payload,
            Context = envelope.Context,
        };
    }
}
