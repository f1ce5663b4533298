using System.Text.Json;

namespace EventFold;

/// <summary>Rewrites JSON text to the string escaping serde_json (the Rust eventfold writer) uses.</summary>
/// <remarks>
/// System.Text.Json's encoders escape non-ASCII and HTML-sensitive characters (<c>é</c> becomes <c>\u00E9</c>,
/// <c>&lt;</c> becomes <c>\u003C</c>); serde_json writes raw UTF-8 and escapes only <c>"</c>, <c>\</c> and control
/// characters. Lines written through this rewrite read well with <c>cat</c> and equal what Rust writes for the same
/// strings. Only strings change: structure, whitespace, numbers and key order are kept byte for byte.
/// </remarks>
public static class JsonEscaping
{
    /// <summary>Returns <paramref name="json"/> with every string and property name written as serde_json writes it.</summary>
    /// <param name="json">One JSON value in UTF-8.</param>
    /// <returns>A new array (a plain copy when nothing was escaped).</returns>
    /// <exception cref="NonPortableJsonException">A string escapes an unpaired surrogate, which no UTF-8 text can hold.</exception>
    /// <exception cref="ArgumentException">The text is not one valid JSON value.</exception>
    public static byte[] ToSerde(ReadOnlySpan<byte> json)
    {
        // Without a backslash nothing is escaped, and unescaped text is already serde's (raw UTF-8).
        if (json.IndexOf((byte)'\\') < 0)
        {
            return json.ToArray();
        }

        var output = new ByteBuffer(json.Length);
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = EventLine.MaxDepth });
            int copied = 0;
            while (reader.Read())
            {
                if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName) || !reader.ValueIsEscaped)
                {
                    continue;
                }

                int start = (int)reader.TokenStartIndex;
                output.Append(json[copied..start]);
                string text;
                try
                {
                    text = reader.GetString()!;
                }
                catch (InvalidOperationException)
                {
                    JsonText.CheckPortable(ref reader, nameof(json));
                    throw;
                }

                JsonText.WriteString(output, text);
                copied = start + reader.ValueSpan.Length + 2; // the raw escaped text between its quotes
            }

            output.Append(json[copied..]);
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"Invalid JSON: {ex.Message}", nameof(json), ex);
        }

        return output.Span.ToArray();
    }
}
