using System.Text;
using System.Text.Json;

namespace EventFold;

/// <summary>Validation, minification and serde_json-compatible string escaping for raw JSON text.</summary>
internal static class JsonText
{
    internal static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Checks that <paramref name="json"/> is exactly one JSON value in valid UTF-8 and returns it without insignificant
    /// whitespace, always as a private copy (the caller may reuse its buffer).
    /// </summary>
    /// <exception cref="ArgumentException">The text is not a single valid JSON value.</exception>
    internal static ReadOnlyMemory<byte> ValidateCompact(ReadOnlyMemory<byte> json, string paramName)
    {
        ReadOnlySpan<byte> span = json.Span;
        if (!System.Text.Unicode.Utf8.IsValid(span))
        {
            throw new ArgumentException("JSON text is not valid UTF-8.", paramName);
        }

        try
        {
            var reader = new Utf8JsonReader(span, new JsonReaderOptions { MaxDepth = EventLine.MaxDepth });
            if (!reader.Read())
            {
                throw new ArgumentException("JSON text is empty.", paramName);
            }

            // Token by token (the reader rejects a second top-level value): every token must also be readable by serde_json.
            do
            {
                CheckPortable(ref reader, paramName);
            }
            while (reader.Read());
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"Invalid JSON: {ex.Message}", paramName, ex);
        }

        return HasInsignificantWhitespace(span) ? Minify(span) : span.ToArray();
    }

    /// <summary>
    /// Refuses a token serde_json cannot read: nesting beyond <see cref="NonPortableJsonException.MaxPortableDepth"/>,
    /// a number outside the f64 range, a string or key with an unpaired surrogate escape.
    /// </summary>
    /// <exception cref="NonPortableJsonException">The token is not portable.</exception>
    internal static void CheckPortable(ref Utf8JsonReader reader, string? paramName)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject or JsonTokenType.StartArray when reader.CurrentDepth >= NonPortableJsonException.MaxPortableDepth:
                throw new NonPortableJsonException(
                    $"nested deeper than {NonPortableJsonException.MaxPortableDepth} levels of arrays and objects (serde_json's recursion limit)",
                    reader.TokenStartIndex, paramName);
            case JsonTokenType.Number when !reader.TryGetInt64(out _) && !reader.TryGetUInt64(out _)
                && !(double.TryParse(reader.ValueSpan, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double d) && double.IsFinite(d)):
                throw new NonPortableJsonException(
                    $"the number {Encoding.UTF8.GetString(reader.ValueSpan)} is outside the f64 range", reader.TokenStartIndex, paramName);
            case JsonTokenType.String or JsonTokenType.PropertyName when reader.ValueIsEscaped:
                try
                {
                    _ = reader.GetString();
                }
                catch (InvalidOperationException ex)
                {
                    throw new NonPortableJsonException(
                        $"a string escapes an unpaired UTF-16 surrogate (\\ud800-\\udfff without its pair; {ex.Message})", reader.TokenStartIndex, paramName);
                }

                break;
        }
    }

    private static bool HasInsignificantWhitespace(ReadOnlySpan<byte> span)
    {
        bool inString = false;
        for (int i = 0; i < span.Length; i++)
        {
            byte b = span[i];
            if (inString)
            {
                if (b == (byte)'\\')
                {
                    i++;
                }
                else if (b == (byte)'"')
                {
                    inString = false;
                }
            }
            else if (b == (byte)'"')
            {
                inString = true;
            }
            else if (b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Removes whitespace outside strings; the input must already be valid JSON.</summary>
    private static byte[] Minify(ReadOnlySpan<byte> span)
    {
        var output = new byte[span.Length];
        int n = 0;
        bool inString = false;
        for (int i = 0; i < span.Length; i++)
        {
            byte b = span[i];
            if (inString)
            {
                output[n++] = b;
                if (b == (byte)'\\')
                {
                    output[n++] = span[++i];
                }
                else if (b == (byte)'"')
                {
                    inString = false;
                }
            }
            else if (b is not ((byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r'))
            {
                output[n++] = b;
                inString = b == (byte)'"';
            }
        }

        return output.AsSpan(0, n).ToArray();
    }

    /// <summary>
    /// Writes <paramref name="value"/> as a JSON string with serde_json's escaping: raw UTF-8 for non-ASCII,
    /// <c>\" \\ \b \f \n \r \t</c>, lowercase <c>\u00xx</c> for the other control characters, '/' and U+007F unescaped.
    /// </summary>
    /// <exception cref="ArgumentException">The string contains an unpaired surrogate.</exception>
    internal static void WriteString(ByteBuffer buffer, string value)
    {
        int max = StrictUtf8.GetMaxByteCount(value.Length);
        Span<byte> utf8 = max <= 512 ? stackalloc byte[max] : new byte[max];
        int length;
        try
        {
            length = StrictUtf8.GetBytes(value, utf8);
        }
        catch (EncoderFallbackException ex)
        {
            throw new ArgumentException("String contains an unpaired surrogate and cannot be encoded as UTF-8.", nameof(value), ex);
        }

        buffer.Append((byte)'"');
        ReadOnlySpan<byte> bytes = utf8[..length];
        int runStart = 0;
        for (int i = 0; i < bytes.Length; i++)
        {
            byte b = bytes[i];
            if (b >= 0x20 && b != (byte)'"' && b != (byte)'\\')
            {
                continue;
            }

            buffer.Append(bytes[runStart..i]);
            runStart = i + 1;
            switch (b)
            {
                case (byte)'"': buffer.Append("\\\""u8); break;
                case (byte)'\\': buffer.Append("\\\\"u8); break;
                case 0x08: buffer.Append("\\b"u8); break;
                case 0x0C: buffer.Append("\\f"u8); break;
                case 0x0A: buffer.Append("\\n"u8); break;
                case 0x0D: buffer.Append("\\r"u8); break;
                case 0x09: buffer.Append("\\t"u8); break;
                default:
                    buffer.Append("\\u00"u8);
                    buffer.Append((byte)"0123456789abcdef"[b >> 4]);
                    buffer.Append((byte)"0123456789abcdef"[b & 0xF]);
                    break;
            }
        }

        buffer.Append(bytes[runStart..]);
        buffer.Append((byte)'"');
    }
}
