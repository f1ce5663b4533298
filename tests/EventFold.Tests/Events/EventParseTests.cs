using System.Text;

namespace EventFold.Tests.Events;

public sealed class EventParseTests
{
    [Theory]
    [InlineData("{\"data\":{},\"ts\":1}")]
    [InlineData("{\"type\":\"a\",\"ts\":1}")]
    [InlineData("{\"type\":\"a\",\"data\":{}}")]
    [InlineData("{}")]
    [InlineData("{\"type\":\"a\"}")]
    [InlineData("{\"type\":\"a\",\"data\":{},\"ts\":1.0}")]
    [InlineData("{\"type\":\"a\",\"data\":{},\"ts\":-1}")]
    [InlineData("{\"type\":\"a\",\"data\":{},\"ts\":\"1\"}")]
    [InlineData("{\"type\":\"a\",\"data\":{},\"ts\":1e2}")]
    [InlineData("{\"type\":\"a\",\"data\":{},\"ts\":18446744073709551616}")]
    [InlineData("{\"type\":1,\"data\":{},\"ts\":1}")]
    [InlineData("{\"type\":null,\"data\":{},\"ts\":1}")]
    [InlineData("{\"type\":\"a\",\"type\":\"b\",\"data\":{},\"ts\":1}")]
    [InlineData("{\"type\":\"a\",\"data\":{},\"data\":{},\"ts\":1}")]
    [InlineData("{\"type\":\"a\",\"data\":{},\"ts\":1,\"ts\":2}")]
    [InlineData("{\"type\":\"a\",\"data\":{},\"ts\":1,\"id\":5}")]
    [InlineData("{\"type\":\"a\",\"data\":{},\"ts\":1,\"actor\":true}")]
    [InlineData("{\"type\":\"a\",\"data\":{},\"ts\":1,\"id\":\"x\",\"id\":\"y\"}")]
    [InlineData("{\"type\":\"a\",\"data\":{},\"ts\":1")]
    [InlineData("{\"type\":\"a\",\"data\":{},\"ts\":1}x")]
    [InlineData("{\"type\":\"a\",\"data\":{},\"ts\":1}{}")]
    [InlineData("[1]")]
    [InlineData("   ")]
    [InlineData("")]
    [InlineData("{\"type\":\"a\",\"data\":{},\"ts\":1}\r")]
    [InlineData("{\"type\":\"a\",\"data\":{},\"ts\":1,}")]
    public void Invalid_lines_are_rejected(string line)
    {
        Assert.Throws<FormatException>(() => Event.Parse(Encoding.UTF8.GetBytes(line)));
    }

    [Fact]
    public void Invalid_utf8_is_rejected()
    {
        byte[] line = [.. "{\"type\":\"a\",\"data\":\""u8, 0xFF, 0xFE, .. "\",\"ts\":1}"u8];
        var ex = Assert.Throws<FormatException>(() => Event.Parse(line));
        Assert.Contains("UTF-8", ex.Message);
    }

    [Fact]
    public void Any_key_order_unknown_keys_and_null_optionals_are_accepted()
    {
        Event e = Event.Parse("  {\"x\":[1,{\"y\":2}],\"ts\":18446744073709551615,\"meta\":null,\"id\":null,\"data\":\"str\",\"actor\":\"me\",\"type\":\"k\"} "u8);
        Assert.Equal("k", e.Type);
        Assert.Equal(ulong.MaxValue, e.Ts);
        Assert.Equal("\"str\""u8.ToArray(), e.Data.ToArray());
        Assert.Null(e.Id);
        Assert.Equal("me", e.Actor);
        Assert.Null(e.Meta);
        Assert.Equal("{\"type\":\"k\",\"data\":\"str\",\"ts\":18446744073709551615,\"actor\":\"me\"}"u8.ToArray(), e.ToLine());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-12.5e3")]
    [InlineData("true")]
    [InlineData("null")]
    [InlineData("\"a\\\"b\"")]
    [InlineData("[]")]
    [InlineData("{\"a\":{\"b\":[1,2,{}]}}")]
    public void Data_of_every_json_kind_is_kept_verbatim(string data)
    {
        byte[] line = Encoding.UTF8.GetBytes($"{{\"type\":\"t\",\"data\":{data},\"ts\":3,\"meta\":{data}}}");
        Event e = Event.Parse(line);
        Assert.Equal(data, Encoding.UTF8.GetString(e.Data.Span));
        Assert.Equal(data == "null" ? null : data, e.Meta is { } m ? Encoding.UTF8.GetString(m.Span) : null);
    }

    [Fact]
    public void Escaped_keys_are_recognised()
    {
        Event e = Event.Parse("{\"\\u0074ype\":\"a\\nb\",\"data\":{},\"ts\":1}"u8);
        Assert.Equal("a\nb", e.Type);
    }

    [Fact]
    public void Batch_rest_key_is_reported_and_not_part_of_the_event()
    {
        Assert.True(EventLine.TryParse("{\"type\":\"a\",\"data\":{},\"ts\":1,\"batch_rest\":2}"u8, out Event? e, out int rest, out _));
        Assert.Equal(2, rest);
        Assert.Equal("{\"type\":\"a\",\"data\":{},\"ts\":1}"u8.ToArray(), e!.ToLine());
        Assert.True(EventLine.TryParse("{\"type\":\"a\",\"data\":{\"batch_rest\":3},\"ts\":1}"u8, out _, out rest, out _));
        Assert.Equal(0, rest);
    }

    [Fact]
    public void Type_cache_returns_equal_strings_for_repeated_and_colliding_types()
    {
        for (int i = 0; i < 200; i++)
        {
            string type = $"type-{i % 70}";
            Event e = Event.Parse(Encoding.UTF8.GetBytes($"{{\"type\":\"{type}\",\"data\":{{}},\"ts\":1}}"));
            Assert.Equal(type, e.Type);
        }
    }
}
