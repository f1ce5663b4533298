using EventFold.Tests.Fixtures;

namespace EventFold.Tests.Events;

/// <summary>Every event line produced by the Rust crate parses, hashes and (where the format allows) re-serializes byte for byte.</summary>
public sealed class EventVectorTests
{
    private const int FloatLine = 5;
    private const int MetaNullLine = 9;

    [Fact]
    public void Vector_file_has_eleven_lines_with_hashes()
    {
        Assert.Equal(11, Vectors.EventLines().Count);
        Assert.Equal(11, Vectors.EventLineHashes().Count);
    }

    [Theory]
    [MemberData(nameof(Vectors.LineIndexes), MemberType = typeof(Vectors))]
    public void Hash_and_length_match_rust(int index)
    {
        byte[] line = Vectors.EventLines()[index];
        var (hash, length) = Vectors.EventLineHashes()[index];
        Assert.Equal(length, line.Length);
        Assert.Equal(hash, LineHash.Compute(line));
    }

    [Theory]
    [MemberData(nameof(Vectors.LineIndexes), MemberType = typeof(Vectors))]
    public void Parse_then_ToLine_reproduces_rust_bytes(int index)
    {
        byte[] line = Vectors.EventLines()[index];
        Event e = Event.Parse(line);
        byte[] again = e.ToLine();
        if (index == MetaNullLine)
        {
            // "meta":null reads as absent, and an absent meta is omitted on write (as in Rust).
            Assert.Equal("{\"type\":\"t\",\"data\":{},\"ts\":7}"u8.ToArray(), again);
        }
        else
        {
            // The float line is also reproduced because data is kept as raw bytes, never re-formatted.
            Assert.Equal(line, again);
        }

        _ = FloatLine;
    }

    [Fact]
    public void Order_placed_line_fields()
    {
        Event e = Event.Parse(Vectors.EventLines()[2]);
        Assert.Equal("order_placed", e.Type);
        Assert.Equal(1739700000UL, e.Ts);
        Assert.Equal("ord-001", e.Id);
        Assert.Equal("user_42", e.Actor);
        Assert.Equal("{\"total\":99.99}", System.Text.Encoding.UTF8.GetString(e.Data.Span));
        Assert.Equal(2, e.MetaElement()!.Value.GetProperty("schema_version").GetInt32());
        Assert.Equal(99.99, e.DataElement().GetProperty("total").GetDouble());
    }

    [Fact]
    public void Escaped_string_line_round_trips_through_CSharp_values()
    {
        Event parsed = Event.Parse(Vectors.EventLines()[4]);
        string s = parsed.DataElement().GetProperty("s").GetString()!;
        Assert.Equal("q\"b\\/n\nr\rt\tf\fbs\bc\u0001del\u007fls\u2028eé" + "emoji\U0001F600", s);

        // Writing the same string through the serde-compatible escaper gives the Rust bytes.
        var buffer = new ByteBuffer();
        JsonText.WriteString(buffer, s);
        byte[] rustLine = Vectors.EventLines()[4];
        byte[] expected = rustLine.AsSpan(rustLine.AsSpan().IndexOf("{\"s\":"u8) + 5).ToArray()[..^("},\"ts\":2}".Length)];
        Assert.Equal(expected, buffer.Span.ToArray());
    }

    [Fact]
    public void Data_null_and_array_and_empty_optionals()
    {
        var lines = Vectors.EventLines();
        Assert.Equal("null"u8.ToArray(), Event.Parse(lines[7]).Data.ToArray());
        Assert.Equal(4, Event.Parse(lines[8]).DataElement().GetArrayLength());
        Assert.Null(Event.Parse(lines[9]).Meta);
        Event empties = Event.Parse(lines[10]);
        Assert.Equal(string.Empty, empties.Id);
        Assert.Equal(string.Empty, empties.Actor);
    }

    [Fact]
    public void Constructed_events_serialize_like_rust()
    {
        var lines = Vectors.EventLines();
        Assert.Equal(lines[0], new Event("click", "{}"u8.ToArray(), 0).ToLine());
        Assert.Equal(lines[1], new Event("click", "{ \"x\" : 10 }"u8.ToArray(), 1700000000).ToLine());
        var order = new Event("order_placed", "{\"total\":99.99}"u8.ToArray(), 1739700000, "ord-001", "user_42",
            "{\n  \"correlation_id\": \"req_xyz\",\n  \"schema_version\": 2,\n  \"session\": \"sess_abc\"\n}"u8.ToArray());
        Assert.Equal(lines[2], order.ToLine());
        Assert.Equal(lines[10], new Event("t", "{}"u8.ToArray(), 8).WithId("").WithActor("").ToLine());
    }
}
