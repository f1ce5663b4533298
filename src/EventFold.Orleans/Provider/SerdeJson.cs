using System.Text.Json;

namespace EventFold.Orleans.Provider;

/// <summary>
/// An event's <c>data</c> as the Rust writer writes the same value: serialized with the store's options, then rewritten
/// to serde_json's escaping (raw UTF-8), so lines read well with <c>cat</c>. Shared by the entry codecs.
/// </summary>
internal static class SerdeJson
{
    /// <summary>The JSON of <paramref name="value"/> in serde_json's escaping.</summary>
    public static byte[] Serialize(object value, Type type, JsonSerializerOptions options)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(value, type, options);
        // Without a backslash nothing is escaped: the serialized bytes are serde's already, and need no second copy.
        return json.AsSpan().Contains((byte)'\\') ? JsonEscaping.ToSerde(json) : json;
    }
}
