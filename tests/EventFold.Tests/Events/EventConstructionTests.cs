using System.Text;
using System.Text.Json;

namespace EventFold.Tests.Events;

public sealed class EventConstructionTests
{
    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("{} {}")]
    [InlineData("{'a':1}")]
    [InlineData("[1,]")]
    [InlineData("// c\n{}")]
    public void Invalid_data_is_rejected(string data)
    {
        Assert.Throws<ArgumentException>(() => new Event("t", Encoding.UTF8.GetBytes(data), 1));
    }

    [Fact]
    public void Invalid_meta_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => new Event("t", "{}"u8.ToArray(), 1, meta: "nope"u8.ToArray()));
        Assert.Throws<ArgumentException>(() => new Event("t", "{}"u8.ToArray(), 1).WithMeta("{"u8.ToArray()));
    }

    [Fact]
    public void Whitespace_is_minified_but_string_contents_are_kept()
    {
        var e = new Event("t", "\r\n{ \"a b\" : [ 1 , \"x \\\" y\\\\\" ] }\n"u8.ToArray(), 1);
        Assert.Equal("{\"a b\":[1,\"x \\\" y\\\\\"]}", Encoding.UTF8.GetString(e.Data.Span));
    }

    [Fact]
    public void Payload_is_copied_so_the_caller_may_reuse_its_buffer()
    {
        byte[] data = "{\"a\":1}"u8.ToArray();
        byte[] meta = "[2]"u8.ToArray();
        var e = new Event("t", data, 1, meta: meta);
        data[5] = (byte)'9';
        meta[1] = (byte)'7';
        Assert.Equal("{\"a\":1}"u8.ToArray(), e.Data.ToArray());
        Assert.Equal("[2]"u8.ToArray(), e.Meta!.Value.ToArray());
    }

    [Fact]
    public void Create_keeps_the_element_text_without_re_escaping()
    {
        using var doc = JsonDocument.Parse("{\"name\": \"é<😀>\", \"esc\": \"\\u00e9\"}");
        Event e = Event.Create("t", doc.RootElement);
        Assert.Equal("{\"name\":\"é<😀>\",\"esc\":\"\\u00e9\"}", Encoding.UTF8.GetString(e.Data.Span));
    }

    [Fact]
    public void Strings_use_serde_escaping()
    {
        var e = new Event("a\"\\/\b\f\n\r\t\u0001\u001f\u007fé😀\u2028", "{}"u8.ToArray(), 1, id: "\u000b");
        Assert.Equal("{\"type\":\"a\\\"\\\\/\\b\\f\\n\\r\\t\\u0001\\u001f\u007fé😀\u2028\",\"data\":{},\"ts\":1,\"id\":\"\\u000b\"}",
            Encoding.UTF8.GetString(e.ToLine()));
        Assert.Equal(e.Type, Event.Parse(e.ToLine()).Type);
    }

    [Fact]
    public void Deeply_nested_data_is_written_up_to_the_portable_depth_and_read_up_to_the_documented_depth()
    {
        string portable = new string('[', NonPortableJsonException.MaxPortableDepth) + new string(']', NonPortableJsonException.MaxPortableDepth);
        var e = new Event("t", Encoding.UTF8.GetBytes(portable), 1);
        Assert.Equal(portable, Encoding.UTF8.GetString(Event.Parse(e.ToLine()).Data.Span));

        // Reading stays lenient up to the reader's limit (lines other writers produced).
        string deep = new string('[', EventLine.MaxDepth) + new string(']', EventLine.MaxDepth);
        Assert.Equal(deep, Encoding.UTF8.GetString(Event.Parse(Encoding.UTF8.GetBytes("{\"type\":\"t\",\"data\":" + deep + ",\"ts\":1}")).Data.Span));
        Assert.Throws<NonPortableJsonException>(() => new Event("t", Encoding.UTF8.GetBytes(deep), 1));
    }

    [Fact]
    public void Lone_surrogate_cannot_be_serialized()
    {
        var e = new Event("\ud800", "{}"u8.ToArray(), 1);
        Assert.Throws<ArgumentException>(() => e.ToLine());
    }

    [Fact]
    public void With_methods_copy_and_chain()
    {
        var e = new Event("t", "{}"u8.ToArray(), 1);
        Event f = e.WithId("i").WithActor("a").WithMeta("{ \"k\" : 1 }"u8.ToArray());
        Assert.Null(e.Id);
        Assert.Equal("{\"type\":\"t\",\"data\":{},\"ts\":1,\"id\":\"i\",\"actor\":\"a\",\"meta\":{\"k\":1}}", Encoding.UTF8.GetString(f.ToLine()));
        Assert.Equal("{\"type\":\"t\",\"data\":{},\"ts\":1,\"id\":\"i\"}", Encoding.UTF8.GetString(f.WithActor(null).WithMeta(null).ToLine()));
    }

    [Fact]
    public void Create_stamps_time_from_TimeProvider()
    {
        var time = new FixedTime(DateTimeOffset.FromUnixTimeSeconds(1_700_000_123).AddMilliseconds(900));
        using var doc = JsonDocument.Parse("{ \"n\": 5 }");
        Event e = Event.Create("made", doc.RootElement, time);
        Assert.Equal(1_700_000_123UL, e.Ts);
        Assert.Equal("{\"n\":5}", Encoding.UTF8.GetString(e.Data.Span));
        Assert.Equal(5, e.DataAs<Payload>()!.n);
    }

    [Fact]
    public void Create_without_provider_uses_system_clock()
    {
        using var doc = JsonDocument.Parse("1");
        ulong now = (ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        Event e = Event.Create("now", doc.RootElement);
        Assert.InRange(e.Ts, now - 2, now + 2);
    }

    [Fact]
    public void LineHash_known_values()
    {
        Assert.Equal("ef46db3751d8e999", LineHash.Compute(""u8));
        Assert.Equal("45ab6734b21e6968", LineHash.Compute("hello world"u8));
        Assert.Equal("88f86a435b214e9d", LineHash.Compute("{\"type\":\"click\",\"data\":{},\"ts\":0}"u8));
        Assert.Equal("1db2a76a3b904eb2", LineHash.Compute("{\"type\":\"a\",\"data\":{\"n\":1},\"ts\":1000}"u8));
    }

    private sealed record Payload(int n);

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
