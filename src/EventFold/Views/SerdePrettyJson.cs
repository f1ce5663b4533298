using System.Buffers;
using System.Text;
using System.Text.Json;

namespace EventFold;

/// <summary>
/// Writes JSON in the layout of Rust's <c>serde_json::to_string_pretty</c>: two-space indent, <c>": "</c> after keys,
/// LF line breaks, <c>{}</c>/<c>[]</c> for empty containers, no trailing newline, serde_json's minimal string escaping.
/// </summary>
/// <remarks>
/// <see cref="Utf8JsonWriter"/> cannot be used for this: its encoders escape non-ASCII and use upper-case hex, which
/// serde_json does not. Numbers are copied as System.Text.Json wrote them; floats may therefore differ cosmetically
/// from serde_json's text (e.g. <c>1E+21</c>), which only matters for byte comparison, never for reading.
/// </remarks>
internal static class SerdePrettyJson
{
    private static ReadOnlySpan<byte> Hex => "0123456789abcdef"u8;

    /// <summary>Writes <paramref name="element"/> at nesting depth <paramref name="depth"/> (the indent of its closing bracket).</summary>
    internal static void WriteValue(ArrayBufferWriter<byte> output, JsonElement element, int depth)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                WriteObject(output, element, depth);
                break;
            case JsonValueKind.Array:
                WriteArray(output, element, depth);
                break;
            case JsonValueKind.String:
                WriteString(output, element.GetString()!);
                break;
            default:
                WriteRaw(output, element.GetRawText());
                break;
        }
    }

    /// <summary>Writes a JSON string literal with serde_json's escaping.</summary>
    internal static void WriteString(ArrayBufferWriter<byte> output, string value)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(value);
        output.Write("\""u8);
        foreach (byte b in utf8)
        {
            switch (b)
            {
                case (byte)'"': output.Write("\\\""u8); break;
                case (byte)'\\': output.Write("\\\\"u8); break;
                case 0x08: output.Write("\\b"u8); break;
                case 0x0C: output.Write("\\f"u8); break;
                case (byte)'\n': output.Write("\\n"u8); break;
                case (byte)'\r': output.Write("\\r"u8); break;
                case (byte)'\t': output.Write("\\t"u8); break;
                case < 0x20:
                    output.Write("\\u00"u8);
                    output.Write([Hex[b >> 4], Hex[b & 0xF]]);
                    break;
                default:
                    output.Write([b]);
                    break;
            }
        }

        output.Write("\""u8);
    }

    /// <summary>Writes a line break followed by the indent of nesting depth <paramref name="depth"/>.</summary>
    internal static void WriteNewLine(ArrayBufferWriter<byte> output, int depth)
    {
        output.Write("\n"u8);
        for (int i = 0; i < depth; i++)
        {
            output.Write("  "u8);
        }
    }

    /// <summary>Writes ASCII text (numbers, literals) verbatim.</summary>
    internal static void WriteRaw(ArrayBufferWriter<byte> output, string ascii) => output.Write(Encoding.UTF8.GetBytes(ascii));

    private static void WriteObject(ArrayBufferWriter<byte> output, JsonElement element, int depth)
    {
        output.Write("{"u8);
        bool any = false;
        foreach (JsonProperty property in element.EnumerateObject())
        {
            output.Write(any ? ","u8 : ""u8);
            WriteNewLine(output, depth + 1);
            WriteString(output, property.Name);
            output.Write(": "u8);
            WriteValue(output, property.Value, depth + 1);
            any = true;
        }

        if (any)
        {
            WriteNewLine(output, depth);
        }

        output.Write("}"u8);
    }

    private static void WriteArray(ArrayBufferWriter<byte> output, JsonElement element, int depth)
    {
        output.Write("["u8);
        bool any = false;
        foreach (JsonElement item in element.EnumerateArray())
        {
            output.Write(any ? ","u8 : ""u8);
            WriteNewLine(output, depth + 1);
            WriteValue(output, item, depth + 1);
            any = true;
        }

        if (any)
        {
            WriteNewLine(output, depth);
        }

        output.Write("]"u8);
    }
}
