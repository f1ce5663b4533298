using System.Text;

namespace EventFold.Orleans.Store;

/// <summary>Writes JSON strings byte for byte as eventfold (Rust <c>serde_json</c>) does.</summary>
/// <remarks>
/// <c>"</c> and <c>\</c> are backslash-escaped; U+0008, U+0009, U+000A, U+000C, U+000D become <c>\b \t \n \f \r</c>;
/// other characters below U+0020 become <c>\u00xx</c> with lowercase hex; everything else, non-ASCII included,
/// is written as raw UTF-8.
/// </remarks>
internal static class EventfoldJsonString
{
    /// <summary>Appends <paramref name="value"/> as a quoted JSON string.</summary>
    /// <param name="builder">Where the JSON text goes.</param>
    /// <param name="value">A well-formed UTF-16 string (no unpaired surrogates).</param>
    public static void Append(StringBuilder builder, string value)
    {
        builder.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\b': builder.Append("\\b"); break;
                case '\t': builder.Append("\\t"); break;
                case '\n': builder.Append("\\n"); break;
                case '\f': builder.Append("\\f"); break;
                case '\r': builder.Append("\\r"); break;
                case < ' ': builder.Append("\\u00").Append(((int)c).ToString("x2")); break;
                default: builder.Append(c); break;
            }
        }

        builder.Append('"');
    }
}
