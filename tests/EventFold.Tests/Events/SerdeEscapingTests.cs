using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace EventFold.Tests.Events;

/// <summary><see cref="JsonEscaping.ToSerde"/>: System.Text.Json output rewritten to the bytes serde_json writes.</summary>
public sealed class SerdeEscapingTests
{
    private static string Serde(string json) => Encoding.UTF8.GetString(JsonEscaping.ToSerde(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void Default_encoder_output_becomes_raw_utf8_with_serde_escapes()
    {
        var value = new Dictionary<string, string> { ["s"] = "q\"b\\/n\nr\rt\tf\fbs\bc\u0001dells eéemoji😀", ["h"] = "<a href='x'>&+</a>", ["ctl"] = "\u001f\u007f\u2028" };
        byte[] stj = JsonSerializer.SerializeToUtf8Bytes(value);
        Assert.Contains("\\u00E9", Encoding.UTF8.GetString(stj), StringComparison.Ordinal); // the default encoder escapes
        string serde = Encoding.UTF8.GetString(JsonEscaping.ToSerde(stj));
        Assert.Equal("{\"s\":\"q\\\"b\\\\/n\\nr\\rt\\tf\\fbs\\bc\\u0001dells eéemoji😀\",\"h\":\"<a href='x'>&+</a>\",\"ctl\":\"\\u001f\u007f\u2028\"}", serde);
    }

    [Fact]
    public void The_rewritten_string_matches_the_rust_vector()
    {
        // event-lines.jsonl line 5, written by serde_json: the data object of that line.
        string vector = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Fixtures", "eventfold-vectors", "event-lines.jsonl"))[4];
        using var doc = JsonDocument.Parse(vector);
        string text = doc.RootElement.GetProperty("data").GetProperty("s").GetString()!;
        byte[] stj = JsonSerializer.SerializeToUtf8Bytes(new { s = text });
        string expectedData = vector[(vector.IndexOf("\"data\":", StringComparison.Ordinal) + 7)..vector.IndexOf(",\"ts\"", StringComparison.Ordinal)];
        Assert.Equal(expectedData, Encoding.UTF8.GetString(JsonEscaping.ToSerde(stj)));
    }

    [Fact]
    public void Property_names_numbers_and_literals_are_kept()
    {
        Assert.Equal("{\"é\":[1.5,-0,1e21,true,false,null,\"\"]}", Serde("{\"\\u00E9\":[1.5,-0,1e21,true,false,null,\"\"]}"));
    }

    [Fact]
    public void Text_without_escapes_is_returned_unchanged()
    {
        Assert.Equal("{\"a\":\"é/x\"}", Serde("{\"a\":\"é/x\"}"));
        Assert.Equal("\"\\\\\"", Serde("\"\\\\\""));
    }

    [Fact]
    public void Relaxed_and_custom_encoders_give_the_same_bytes()
    {
        var value = new { a = "é<😀>\u0000" };
        byte[] relaxed = JsonSerializer.SerializeToUtf8Bytes(value, new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        Assert.Equal(JsonEscaping.ToSerde(JsonSerializer.SerializeToUtf8Bytes(value)), JsonEscaping.ToSerde(relaxed));
        Assert.Equal("{\"a\":\"é<😀>\\u0000\"}", Encoding.UTF8.GetString(JsonEscaping.ToSerde(relaxed)));
    }

    [Fact]
    public void A_lone_surrogate_escape_is_refused_with_the_portability_error()
    {
        // System.Text.Json itself writes U+FFFD for a lone surrogate; hand-made text can still escape one.
        Assert.Throws<NonPortableJsonException>(() => JsonEscaping.ToSerde("{\"a\":\"x\\ud800\"}"u8.ToArray()));
    }

    [Fact]
    public void Invalid_json_is_an_argument_error()
    {
        Assert.Throws<ArgumentException>(() => JsonEscaping.ToSerde("{\"a\":\"\\x\"}"u8.ToArray()));
    }
}
