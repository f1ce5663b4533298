using System.Buffers;
using System.Text.Json;

namespace EventFold.Orleans.Store;

/// <summary>One <c>stream_created</c> line of the stream registry, and its JSON form.</summary>
/// <remarks>
/// The line has the eventfold event shape, compact, keys in the order eventfold writes them:
/// <c>{"type":"stream_created","data":{"aggregate_type":"order","id":"ord-42"},"ts":1764140000}</c>.
/// The line is written by the core's event serializer, its strings in serde_json's escaping, as eventfold writes them. On
/// read, unknown keys are ignored, as eventfold does.
/// </remarks>
internal readonly record struct RegistryRecord(string AggregateType, string Id, ulong Timestamp)
{
    /// <summary>The event type of a stream creation line.</summary>
    public const string StreamCreated = "stream_created";

    /// <summary>The line as bytes, LF included, ready for one write.</summary>
    public byte[] ToLine()
    {
        var data = new ArrayBufferWriter<byte>(32 + (2 * (AggregateType.Length + Id.Length)));
        using (var writer = new Utf8JsonWriter(data))
        {
            writer.WriteStartObject();
            writer.WriteString("aggregate_type"u8, AggregateType);
            writer.WriteString("id"u8, Id);
            writer.WriteEndObject();
        }

        // Rewritten to serde_json's escaping (raw UTF-8), as the Rust writer and the event codecs write strings.
        return [.. new Event(StreamCreated, JsonEscaping.ToSerde(data.WrittenSpan), Timestamp).ToLine(), (byte)'\n'];
    }

    /// <summary>Parses one line (without its LF).</summary>
    /// <param name="line">The line's bytes.</param>
    /// <param name="record">The record when the result is <see cref="RegistryLineStatus.Valid"/>.</param>
    /// <param name="error">What is wrong otherwise.</param>
    /// <returns>Whether the line is valid, not JSON at all (as a torn write leaves it), or JSON of the wrong shape.</returns>
    public static RegistryLineStatus TryParse(ReadOnlySpan<byte> line, out RegistryRecord record, out string? error)
    {
        record = default;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line.ToArray());
        }
        catch (JsonException e)
        {
            error = $"not valid JSON ({e.Message})";
            return RegistryLineStatus.NotJson;
        }

        using (document)
        {
            try
            {
                error = Interpret(document.RootElement, out record);
            }
            catch (InvalidOperationException e)
            {
                error = $"unreadable value ({e.Message})";
            }

            return error is null ? RegistryLineStatus.Valid : RegistryLineStatus.WrongShape;
        }
    }

    private static string? Interpret(JsonElement root, out RegistryRecord record)
    {
        record = default;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return "the line is not a JSON object";
        }

        if (!TryGetSingle(root, "type", out var type, out var error) || type.ValueKind != JsonValueKind.String)
        {
            return error ?? "\"type\" is not a string";
        }

        if (type.GetString() != StreamCreated)
        {
            return $"unknown record type \"{type.GetString()}\" (written by a newer version?)";
        }

        if (!TryGetSingle(root, "ts", out var ts, out error) || !ts.TryGetUInt64(out var timestamp))
        {
            return error ?? "\"ts\" is not a non-negative integer";
        }

        if (!TryGetSingle(root, "data", out var data, out error) || data.ValueKind != JsonValueKind.Object)
        {
            return error ?? "\"data\" is not an object";
        }

        if (!TryGetSingle(data, "aggregate_type", out var typeName, out error) || typeName.ValueKind != JsonValueKind.String
            || !AggregateTypeName.IsValid(typeName.GetString()))
        {
            return error ?? "\"data.aggregate_type\" is not a valid aggregate type name";
        }

        if (!TryGetSingle(data, "id", out var id, out error) || id.ValueKind != JsonValueKind.String
            || !StreamIdEncoding.TryEncode(id.GetString(), out _))
        {
            return error ?? "\"data.id\" is not a valid stream id";
        }

        record = new RegistryRecord(typeName.GetString()!, id.GetString()!, timestamp);
        return null;
    }

    private static bool TryGetSingle(JsonElement obj, string name, out JsonElement value, out string? error)
    {
        value = default;
        error = null;
        var found = false;
        foreach (var property in obj.EnumerateObject())
        {
            if (!property.NameEquals(name))
            {
                continue;
            }

            if (found)
            {
                error = $"key \"{name}\" appears twice";
                return false;
            }

            value = property.Value;
            found = true;
        }

        error = found ? null : $"key \"{name}\" is missing";
        return found;
    }
}
