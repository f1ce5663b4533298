using System.Text;
using System.Text.Json;

namespace EventFold.Tests.Events;

/// <summary>
/// Payloads a Rust eventfold reader (serde_json) cannot read are refused when an event is built, so nothing this
/// library writes stops a Rust reader; reading stays lenient.
/// </summary>
public sealed class PortableJsonTests
{
    private static byte[] Nested(int levels) =>
        Encoding.UTF8.GetBytes(new string('[', levels) + new string(']', levels));

    [Fact]
    public void Data_nested_126_levels_is_accepted_127_is_refused()
    {
        _ = new Event("t", Nested(126), 1);
        var ex = Assert.Throws<NonPortableJsonException>(() => new Event("t", Nested(127), 1));
        Assert.Equal("data", ex.ParamName);
        Assert.Contains("126", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Meta_nested_deeper_than_126_levels_is_refused()
    {
        var ex = Assert.Throws<NonPortableJsonException>(() => new Event("t", "{}"u8.ToArray(), 1, meta: Nested(127)));
        Assert.Equal("meta", ex.ParamName);
        Assert.Throws<NonPortableJsonException>(() => new Event("t", "{}"u8.ToArray(), 1).WithMeta(Nested(200)));
    }

    [Theory]
    [InlineData("1e400")]
    [InlineData("{\"a\":[-1e400]}")]
    [InlineData("1" + "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
        + "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
        + "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
        + "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000")]
    public void Numbers_outside_the_f64_range_are_refused(string data)
    {
        var ex = Assert.Throws<NonPortableJsonException>(() => new Event("t", Encoding.UTF8.GetBytes(data), 1));
        Assert.Contains("f64", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("18446744073709551615")]
    [InlineData("-9223372036854775808")]
    [InlineData("1e308")]
    [InlineData("1e-400")]
    [InlineData("123456789012345678901234567890")]
    public void Numbers_serde_reads_are_accepted(string data)
    {
        Assert.Equal(data, Encoding.UTF8.GetString(new Event("t", Encoding.UTF8.GetBytes(data), 1).Data.Span));
    }

    [Theory]
    [InlineData("\"\\ud800\"")]
    [InlineData("\"\\udc00\"")]
    [InlineData("{\"\\ud83d\":1}")]
    [InlineData("[\"a\\ud83dx\"]")]
    public void Lone_surrogate_escapes_are_refused(string data)
    {
        var ex = Assert.Throws<NonPortableJsonException>(() => new Event("t", Encoding.UTF8.GetBytes(data), 1));
        Assert.Contains("surrogate", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Paired_surrogate_escapes_are_accepted()
    {
        var e = new Event("t", "\"\\ud83d\\ude00\""u8.ToArray(), 1);
        Assert.Equal("😀", e.DataElement().GetString());
    }

    [Fact]
    public void The_error_is_an_argument_exception_like_other_invalid_payloads()
    {
        Assert.IsAssignableFrom<ArgumentException>(Assert.Throws<NonPortableJsonException>(() => new Event("t", Nested(127), 1)));
    }

    [Fact]
    public void Reading_stays_lenient_for_lines_other_writers_produced()
    {
        string line = "{\"type\":\"t\",\"data\":{\"n\":1e400,\"s\":\"\\ud800\",\"deep\":" + new string('[', 200) + new string(']', 200) + "},\"ts\":1}";
        Event e = Event.Parse(Encoding.UTF8.GetBytes(line));
        Assert.Equal("t", e.Type);
    }

    [Fact]
    public void DataElement_and_MetaElement_parse_everything_the_reader_accepts()
    {
        string deep = new string('[', 200) + new string(']', 200);
        Event e = Event.Parse(Encoding.UTF8.GetBytes("{\"type\":\"t\",\"data\":" + deep + ",\"ts\":1,\"meta\":" + deep + "}"));
        Assert.Equal(JsonValueKind.Array, e.DataElement().ValueKind);
        Assert.Equal(JsonValueKind.Array, e.MetaElement()!.Value.ValueKind);
        Assert.Equal(JsonValueKind.Array, e.DataAs<JsonElement>().ValueKind);
    }

    [Fact]
    public void DataElement_reads_the_deepest_payload_the_writer_accepts()
    {
        var e = new Event("t", Nested(126), 1);
        Assert.Equal(JsonValueKind.Array, e.DataElement().ValueKind);
    }
}
