using System.Text;
using System.Text.Json;
using EventFold.Orleans.Store;
using Xunit;

namespace EventFold.Orleans.Tests.Store;

public sealed class RegistryStringEscapingTests
{
    // The string of line 5 of the eventfold compatibility vectors (event-lines.jsonl), as serde_json wrote it.
    private const string VectorJson = "\"q\\\"b\\\\/n\\nr\\rt\\tf\\fbs\\bc\\u0001del\u007fls\u2028eéemoji😀\"";

    [Fact]
    public void Escapes_exactly_like_the_eventfold_vector()
    {
        var value = JsonSerializer.Deserialize<string>(VectorJson)!;
        Assert.Equal(VectorJson, Escape(value));
    }

    [Theory]
    [InlineData(0x00, "\"\\u0000\"")]
    [InlineData(0x0B, "\"\\u000b\"")]
    [InlineData(0x1F, "\"\\u001f\"")]
    [InlineData(0x20, "\" \"")]
    [InlineData(0x2F, "\"/\"")]
    public void Control_characters_use_lowercase_hex_and_nothing_else_is_escaped(int c, string expected)
    {
        Assert.Equal(expected, Escape(((char)c).ToString()));
    }

    [Fact]
    public void Registry_line_with_awkward_id_matches_what_eventfold_would_write()
    {
        var line = new RegistryRecord("order", "q\"\\\u001f😀", 2).ToLine();

        Assert.Equal(
            "{\"type\":\"stream_created\",\"data\":{\"aggregate_type\":\"order\",\"id\":\"q\\\"\\\\\\u001f😀\"},\"ts\":2}\n",
            Encoding.UTF8.GetString(line));
    }

    /// <summary>The id string exactly as the registry line writes it.</summary>
    private static string Escape(string value)
    {
        var line = Encoding.UTF8.GetString(new RegistryRecord("t", value, 0).ToLine());
        const string Before = "\"id\":";
        const string After = "},\"ts\":0}\n";
        Assert.EndsWith(After, line);
        var start = line.IndexOf(Before, StringComparison.Ordinal) + Before.Length;
        return line[start..^After.Length];
    }
}
