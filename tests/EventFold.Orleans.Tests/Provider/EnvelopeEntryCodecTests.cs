using System.Text;
using System.Text.Json;
using EventFold.Orleans.Commands;
using EventFold.Orleans.Events;
using EventFold.Orleans.Provider;
using EventFold.Orleans.Tests.Domain;
using Xunit;

namespace EventFold.Orleans.Tests.Provider;

public sealed class EnvelopeEntryCodecTests
{
    private readonly EnvelopeEntryCodec<AccountEvent> _codec = new(EventTypeRegistry.For<AccountEvent>(), new JsonSerializerOptions(JsonSerializerDefaults.Web));

    [Fact]
    public void Meta_written_by_other_tools_keeps_every_key_with_non_strings_as_raw_json()
    {
        var meta = "{\"command_id\":\"c-1\",\"schema_version\":2,\"tags\":[\"a\",{\"b\":null}],\"session\":\"s\\u00e9\"}"u8.ToArray();
        var stored = new Event("deposited", "{\"amount\":3}"u8.ToArray(), 7, "e-1", "ann", meta);

        var envelope = _codec.Decode(stored);

        Assert.Equal(new Deposited(3), envelope.Event);
        Assert.Equal(("e-1", "ann", 7UL, "c-1"), (envelope.EventId, envelope.Actor, envelope.Timestamp, envelope.CommandId));
        Assert.Equal("2", envelope.Metadata!["schema_version"]);
        Assert.Equal("[\"a\",{\"b\":null}]", envelope.Metadata["tags"]);
        Assert.Equal("s\u00e9", envelope.Metadata["session"]);
        Assert.Equal(3, envelope.Metadata.Count);
    }

    [Fact]
    public void Encode_then_decode_is_the_identity()
    {
        var envelope = new EventEnvelope<AccountEvent>
        {
            Event = new AccountOpened("zoë"),
            EventId = "id-9",
            Actor = "a",
            Timestamp = 1764140000,
            CommandId = "cmd",
            CorrelationId = "corr",
            CausationId = "cause",
            Metadata = new() { ["z"] = "last", ["a"] = "first" },
        };

        var stored = _codec.Encode(envelope, DateTimeOffset.UnixEpoch);
        var back = _codec.Decode(stored);

        Assert.Equal("account-opened", stored.Type);
        Assert.Equal("{\"command_id\":\"cmd\",\"correlation_id\":\"corr\",\"causation_id\":\"cause\",\"a\":\"first\",\"z\":\"last\"}", Encoding.UTF8.GetString(stored.Meta!.Value.Span));
        Assert.Equal(envelope.Event, back.Event);
        Assert.Equal((envelope.EventId, envelope.Actor, envelope.Timestamp), (back.EventId, back.Actor, back.Timestamp));
        Assert.Equal((envelope.CommandId, envelope.CorrelationId, envelope.CausationId), (back.CommandId, back.CorrelationId, back.CausationId));
        Assert.Equal(envelope.Metadata, back.Metadata);
    }
}
