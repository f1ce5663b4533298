using System.Text.Json;

namespace EventFold;

/// <summary>
/// Per-thread cache of event type strings, so replaying millions of events of a few types does not allocate a new
/// type string per line.
/// </summary>
internal static class TypeNameCache
{
    private const int Size = 64;

    [ThreadStatic]
    private static (byte[] Key, string Value)[]? t_entries;

    /// <summary>Returns the string value of the current <see cref="JsonTokenType.String"/> token.</summary>
    internal static string Get(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped || reader.HasValueSequence || reader.ValueSpan.Length > 64)
        {
            return reader.GetString()!;
        }

        return Get(reader.ValueSpan);
    }

    /// <summary>Returns the string for <paramref name="key"/>: the raw UTF-8 content of a JSON string without escapes.</summary>
    internal static string Get(ReadOnlySpan<byte> key)
    {
        if (key.Length > 64)
        {
            return System.Text.Encoding.UTF8.GetString(key);
        }

        var entries = t_entries ??= new (byte[], string)[Size];
        ref var entry = ref entries[Slot(key)];
        if (entry.Key is not null && key.SequenceEqual(entry.Key))
        {
            return entry.Value;
        }

        string value = System.Text.Encoding.UTF8.GetString(key);
        entry = (key.ToArray(), value);
        return value;
    }

    private static int Slot(ReadOnlySpan<byte> key)
    {
        uint h = (uint)key.Length;
        foreach (byte b in key)
        {
            h = (h * 31) + b;
        }

        return (int)(h & (Size - 1));
    }
}
