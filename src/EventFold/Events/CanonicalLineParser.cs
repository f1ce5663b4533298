using System.Buffers.Text;
using System.Text;

namespace EventFold;

/// <summary>
/// Fast path for lines in the exact layout eventfold writers produce:
/// <c>{"type":…,"data":…,"ts":N[,"id":…][,"actor":…][,"meta":…][,"batch_rest":N]}</c>, compact, with unescaped
/// type/id/actor strings.
/// </summary>
/// <remarks>
/// Declines (returns <see langword="false"/>) on anything else, including every invalid line, and the general
/// <see cref="System.Text.Json.Utf8JsonReader"/> path then decides. It never accepts a line the general path rejects,
/// and yields the same event for every line it accepts (checked by a property test). The caller has already checked
/// that the line is valid UTF-8.
/// </remarks>
internal static class CanonicalLineParser
{
    private const int MaxDepth = 64;

    internal static bool TryParse(ReadOnlySpan<byte> line, out Event? e, out int batchRest)
    {
        e = null;
        batchRest = 0;
        int pos = 0;
        if (!Expect(line, ref pos, "{\"type\":"u8) || !PlainString(line, ref pos, out int typeStart, out int typeEnd)
            || !Expect(line, ref pos, ",\"data\":"u8))
        {
            return false;
        }

        int dataStart = pos;
        if (!JsonSkipper.SkipValue(line, ref pos, MaxDepth))
        {
            return false;
        }

        int dataEnd = pos;
        if (!Expect(line, ref pos, ",\"ts\":"u8) || !Unsigned(line, ref pos, out ulong ts))
        {
            return false;
        }

        string? id = null, actor = null;
        int metaStart = -1, metaEnd = -1;
        if (Expect(line, ref pos, ",\"id\":"u8) && !OptionalString(line, ref pos, out id))
        {
            return false;
        }

        if (Expect(line, ref pos, ",\"actor\":"u8))
        {
            // Actors repeat like types do: share the cache.
            if (!PlainString(line, ref pos, out int actorStart, out int actorEnd))
            {
                return false;
            }

            actor = TypeNameCache.Get(line[actorStart..actorEnd]);
        }

        if (Expect(line, ref pos, ",\"meta\":"u8))
        {
            metaStart = pos;
            if (line[pos..].StartsWith("null"u8) || !JsonSkipper.SkipValue(line, ref pos, MaxDepth))
            {
                return false;
            }

            metaEnd = pos;
        }

        if (Expect(line, ref pos, ",\"batch_rest\":"u8))
        {
            if (!Unsigned(line, ref pos, out ulong rest) || rest is 0 or > int.MaxValue)
            {
                return false;
            }

            batchRest = (int)rest;
        }

        if (pos != line.Length - 1 || line[pos] != (byte)'}')
        {
            return false;
        }

        string type = TypeNameCache.Get(line[typeStart..typeEnd]);
        byte[] stored = line.ToArray();
        ReadOnlyMemory<byte>? meta = metaStart >= 0 ? stored.AsMemory(metaStart, metaEnd - metaStart) : (ReadOnlyMemory<byte>?)null;
        e = Event.FromStored(type, stored.AsMemory(dataStart, dataEnd - dataStart), ts, id, actor, meta);
        return true;
    }

    private static bool Expect(ReadOnlySpan<byte> line, ref int pos, ReadOnlySpan<byte> literal)
    {
        if (!line[pos..].StartsWith(literal))
        {
            return false;
        }

        pos += literal.Length;
        return true;
    }

    /// <summary>A string without escapes or control characters; returns the content range.</summary>
    private static bool PlainString(ReadOnlySpan<byte> line, ref int pos, out int start, out int end)
    {
        start = end = 0;
        if (pos >= line.Length || line[pos] != (byte)'"')
        {
            return false;
        }

        start = pos + 1;
        int quote = line[start..].IndexOfAny((byte)'"', (byte)'\\');
        if (quote < 0 || line[start + quote] != (byte)'"' || line.Slice(start, quote).IndexOfAnyInRange((byte)0, (byte)0x1F) >= 0)
        {
            return false;
        }

        end = start + quote;
        pos = end + 1;
        return true;
    }

    private static bool OptionalString(ReadOnlySpan<byte> line, ref int pos, out string? value)
    {
        value = null;
        if (!PlainString(line, ref pos, out int start, out int end))
        {
            return false;
        }

        value = Encoding.UTF8.GetString(line[start..end]);
        return true;
    }

    /// <summary>A JSON integer without sign, fraction or exponent that fits in 64 bits.</summary>
    private static bool Unsigned(ReadOnlySpan<byte> line, ref int pos, out ulong value)
    {
        value = 0;
        ReadOnlySpan<byte> rest = line[pos..];
        int digits = rest.IndexOfAnyExceptInRange((byte)'0', (byte)'9');
        if (digits < 0)
        {
            digits = rest.Length;
        }

        if (digits == 0 || (digits > 1 && rest[0] == (byte)'0') || (digits < rest.Length && rest[digits] is (byte)'.' or (byte)'e' or (byte)'E'))
        {
            return false;
        }

        if (!Utf8Parser.TryParse(rest[..digits], out value, out int consumed) || consumed != digits)
        {
            return false;
        }

        pos += digits;
        return true;
    }
}
