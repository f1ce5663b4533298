using System.Buffers;
using System.Text.Json;
using EventFold.Orleans.Commands;
using EventFold.Orleans.Events;

namespace EventFold.Orleans.Provider;

/// <summary>
/// Maps <see cref="EventEnvelope{TEvent}"/> onto eventfold lines: <c>type</c> = the stable event name,
/// <c>data</c> = the event's JSON, <c>id</c>, <c>actor</c>, <c>ts</c>, and <c>meta</c> = the command ids plus the
/// user's metadata (flat, reserved keys first).
/// </summary>
internal sealed class EnvelopeEntryCodec<TEvent>(EventTypeRegistry registry, JsonSerializerOptions json) : IEntryCodec<EventEnvelope<TEvent>>
    where TEvent : class
{
    public Event Encode(EventEnvelope<TEvent> entry, DateTimeOffset now)
    {
        var type = entry.Event.GetType();
        var data = SerdeJson.Serialize(entry.Event, type, json);
        var ts = entry.Timestamp != 0 ? entry.Timestamp : (ulong)now.ToUnixTimeSeconds();
        return new Event(registry.NameOf(type), data, ts, entry.EventId, entry.Actor, EncodeMeta(entry));
    }

    public EventEnvelope<TEvent> Decode(Event stored)
    {
        var type = registry.TypeOf(stored.Type);
        var payload = JsonSerializer.Deserialize(stored.Data.Span, type, json) as TEvent
            ?? throw new JsonException($"The data of a '{stored.Type}' event decoded to null.");
        string? commandId = null, commandHash = null, correlationId = null, causationId = null;
        Dictionary<string, string>? metadata = null;
        if (stored.Meta is { } meta)
        {
            // A reader, not a JsonDocument: replays decode every event's meta.
            var reader = new Utf8JsonReader(meta.Span);
            if (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var name = reader.GetString()!;
                    reader.Read();
                    var text = ValueText(ref reader, meta.Span);
                    switch (name)
                    {
                        case MetaKeys.CommandId: commandId = text; break;
                        case MetaKeys.CommandHash: commandHash = text; break;
                        case MetaKeys.CorrelationId: correlationId = text; break;
                        case MetaKeys.CausationId: causationId = text; break;
                        default: (metadata ??= new Dictionary<string, string>(StringComparer.Ordinal))[name] = text; break;
                    }
                }
            }
        }

        return new EventEnvelope<TEvent>
        {
            Event = payload,
            EventId = stored.Id,
            Actor = stored.Actor,
            Timestamp = stored.Ts,
            CommandId = commandId,
            CommandHash = commandHash,
            CorrelationId = correlationId,
            CausationId = causationId,
            Metadata = metadata,
        };
    }

    public string? CommandIdOf(EventEnvelope<TEvent> entry) => entry.CommandId;

    /// <summary>A string value's text, or any other value's raw JSON; leaves the reader on the value's last token.</summary>
    private static string ValueText(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString()!;
        }

        var start = (int)reader.TokenStartIndex;
        reader.Skip();
        return System.Text.Encoding.UTF8.GetString(json[start..(int)reader.BytesConsumed]);
    }

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_metaBuffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_metaWriter;

    private static ReadOnlyMemory<byte>? EncodeMeta(EventEnvelope<TEvent> entry)
    {
        if (entry.CommandId is null && entry.CorrelationId is null && entry.CausationId is null && entry.Metadata is not { Count: > 0 })
        {
            return null;
        }

        // One buffer and writer per thread, reused: the meta is copied out once, by ToSerde.
        var buffer = t_metaBuffer ??= new ArrayBufferWriter<byte>(256);
        buffer.ResetWrittenCount();
        var writer = t_metaWriter ??= new Utf8JsonWriter(buffer);
        writer.Reset(buffer);
        writer.WriteStartObject();
        WriteIfSet(writer, MetaKeys.CommandId, entry.CommandId);
        WriteIfSet(writer, MetaKeys.CommandHash, entry.CommandHash);
        WriteIfSet(writer, MetaKeys.CorrelationId, entry.CorrelationId);
        WriteIfSet(writer, MetaKeys.CausationId, entry.CausationId);
        if (entry.Metadata is not null)
        {
            foreach (var (key, value) in entry.Metadata.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                writer.WriteString(key, value);
            }
        }

        writer.WriteEndObject();
        writer.Flush();
        var meta = JsonEscaping.ToSerde(buffer.WrittenSpan);
        if (buffer.Capacity > 64 * 1024)
        {
            // A huge metadata's buffer is not kept for the thread's lifetime.
            (t_metaBuffer, t_metaWriter) = (null, null);
        }

        return meta;
    }

    private static void WriteIfSet(Utf8JsonWriter writer, string key, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(key, value);
        }
    }
}
