using System.Text;
using EventFold.Orleans.Store;
using Xunit;

namespace EventFold.Orleans.Tests.Store;

public sealed class RegistryRecordTests
{
    [Fact]
    public void Line_has_the_eventfold_event_shape()
    {
        var line = new RegistryRecord("order", "ord-42", 1764140000).ToLine();

        Assert.Equal(
            "{\"type\":\"stream_created\",\"data\":{\"aggregate_type\":\"order\",\"id\":\"ord-42\"},\"ts\":1764140000}\n",
            Encoding.UTF8.GetString(line));
    }

    [Fact]
    public void Maximum_timestamp_round_trips()
    {
        var line = new RegistryRecord("order", "a", ulong.MaxValue).ToLine();

        Assert.Equal(RegistryLineStatus.Valid, RegistryRecord.TryParse(line.AsSpan(0, line.Length - 1), out var record, out _));
        Assert.Equal(ulong.MaxValue, record.Timestamp);
    }

    [Theory]
    [InlineData("{\"type\":\"stream_created\",\"da", nameof(RegistryLineStatus.NotJson))]
    [InlineData("", nameof(RegistryLineStatus.NotJson))]
    [InlineData("   ", nameof(RegistryLineStatus.NotJson))]
    [InlineData("{} {}", nameof(RegistryLineStatus.NotJson))]
    [InlineData("{\"type\":1,\"data\":{},\"ts\":1}", nameof(RegistryLineStatus.WrongShape))]
    [InlineData("{\"type\":\"stream_created\",\"data\":null,\"ts\":1}", nameof(RegistryLineStatus.WrongShape))]
    [InlineData("{\"type\":\"stream_created\",\"data\":{\"aggregate_type\":\"order\",\"id\":\"a\",\"id\":\"b\"},\"ts\":1}", nameof(RegistryLineStatus.WrongShape))]
    [InlineData("{\"type\":\"stream_created\",\"data\":{\"aggregate_type\":\"order\",\"id\":\"a\"},\"ts\":\"1\"}", nameof(RegistryLineStatus.WrongShape))]
    [InlineData("{\"type\":\"stream_created\",\"data\":{\"aggregate_type\":\"order\",\"id\":\"\\ud800\"},\"ts\":1}", nameof(RegistryLineStatus.WrongShape))]
    [InlineData("{\"type\":\"stream_created\",\"data\":{\"aggregate_type\":\"order\",\"id\":\"a\"},\"ts\":1}", nameof(RegistryLineStatus.Valid))]
    public void Parse_tells_torn_lines_from_wrong_shapes(string line, string expectedStatus)
    {
        var expected = Enum.Parse<RegistryLineStatus>(expectedStatus);

        var status = RegistryRecord.TryParse(Encoding.UTF8.GetBytes(line), out _, out var error);

        Assert.Equal(expected, status);
        Assert.Equal(expected == RegistryLineStatus.Valid, error is null);
    }

    [Fact]
    public void Tail_parse_reports_offsets_relative_to_the_file()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"type\":\"stream_created\",\"data\":{\"aggregate_type\":\"order\",\"id\":\"a\"},\"ts\":1}\nbad\n{}\n");

        var e = Assert.Throws<CorruptRegistryException>(() => RegistryTail.Parse(bytes, 1000, "/x/streams.jsonl", out _));

        Assert.Equal(1000 + bytes.AsSpan().IndexOf((byte)'b'), e.Offset);
    }

    [Fact]
    public void Tail_parse_stops_before_a_torn_tail()
    {
        var good = "{\"type\":\"stream_created\",\"data\":{\"aggregate_type\":\"order\",\"id\":\"a\"},\"ts\":1}\n";
        var bytes = Encoding.UTF8.GetBytes(good + "\n{\"ty");

        var records = RegistryTail.Parse(bytes, 10, "/x/streams.jsonl", out var committedEnd);

        Assert.Equal([new RegistryRecord("order", "a", 1)], records);
        Assert.Equal(10 + good.Length + 1, committedEnd);
    }
}
