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

        ReadOnlySpan<byte> key = reader.ValueSpan;
        var entries = t_entries ??= new (byte[], string)[Size];
        int slot = Slot(key);
        ref var entry = ref entries[slot];
        if (entry.Key is not null && key.SequenceEqual(entry.Key))
        {
            return entry.Value;
        }

        string value = reader.GetString()!;
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
