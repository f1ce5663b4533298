using System.Text;
using System.Text.Json;

namespace EventFold;

/// <summary>
/// Writes JSON in the layout of Rust's <c>serde_json::to_string_pretty</c>: two-space indent, <c>": "</c> after keys,
/// LF line breaks, <c>{}</c>/<c>[]</c> for empty containers, no trailing newline, serde_json's string escaping.
/// </summary>
/// <remarks>
/// <see cref="Utf8JsonWriter"/> cannot be used for this: its encoders escape non-ASCII and use upper-case hex, which
/// serde_json does not. Strings go through the same escaper as event lines (<see cref="JsonText.WriteString"/>).
/// Numbers are copied as System.Text.Json wrote them; floats may therefore differ cosmetically from serde_json's text
/// (e.g. <c>1E+21</c>), which only matters for byte comparison, never for reading.
/// </remarks>
internal static class SerdePrettyJson
{
    /// <summary>Writes <paramref name="element"/> at nesting depth <paramref name="depth"/> (the indent of its closing bracket).</summary>
    internal static void WriteValue(ByteBuffer output, JsonElement element, int depth)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                WriteContainer(output, '{', '}', element.EnumerateObject().Select(p => ((string?)p.Name, p.Value)), depth);
                break;
            case JsonValueKind.Array:
                WriteContainer(output, '[', ']', element.EnumerateArray().Select(v => ((string?)null, v)), depth);
                break;
            case JsonValueKind.String:
                JsonText.WriteString(output, element.GetString()!);
                break;
            default:
                WriteRaw(output, element.GetRawText());
                break;
        }
    }

    /// <summary>Writes a line break followed by the indent of nesting depth <paramref name="depth"/>.</summary>
    internal static void WriteNewLine(ByteBuffer output, int depth)
    {
        output.Append((byte)'\n');
        for (int i = 0; i < depth; i++)
        {
            output.Append("  "u8);
        }
    }

    /// <summary>Writes ASCII text (numbers, literals) verbatim.</summary>
    internal static void WriteRaw(ByteBuffer output, string ascii) => output.Append(Encoding.UTF8.GetBytes(ascii));

    private static void WriteContainer(ByteBuffer output, char open, char close, IEnumerable<(string? Key, JsonElement Value)> items, int depth)
    {
        output.Append((byte)open);
        bool any = false;
        foreach ((string? key, JsonElement value) in items)
        {
            if (any)
            {
                output.Append((byte)',');
            }

            WriteNewLine(output, depth + 1);
            if (key is not null)
            {
                JsonText.WriteString(output, key);
                output.Append(": "u8);
            }

            WriteValue(output, value, depth + 1);
            any = true;
        }

        if (any)
        {
            WriteNewLine(output, depth);
        }

        output.Append((byte)close);
    }
}
