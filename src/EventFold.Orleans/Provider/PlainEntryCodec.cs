using System.Text.Json;
using EventFold.Orleans.Events;

namespace EventFold.Orleans.Provider;

/// <summary>
/// Maps the events of an ordinary <c>JournaledGrain&lt;TState, TEvent&gt;</c> (no envelope) onto eventfold lines:
/// <c>type</c> = the stable event name, <c>data</c> = the event's JSON, <c>ts</c> = when it was written.
/// </summary>
internal sealed class PlainEntryCodec<TEntry>(EventTypeRegistry registry, JsonSerializerOptions json) : IEntryCodec<TEntry>
    where TEntry : class
{
    public Event Encode(TEntry entry, DateTimeOffset now)
    {
        var type = entry.GetType();
        var data = SerdeJson.Serialize(entry, type, json);
        return new Event(registry.NameOf(type), data, (ulong)now.ToUnixTimeSeconds());
    }

    public TEntry Decode(Event stored) =>
        JsonSerializer.Deserialize(stored.Data.Span, registry.TypeOf(stored.Type), json) as TEntry
        ?? throw new JsonException($"The data of a '{stored.Type}' event decoded to null.");

    public string? CommandIdOf(TEntry entry) => null;
}
