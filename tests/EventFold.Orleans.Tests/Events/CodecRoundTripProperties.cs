using System.Text.Json;
using CsCheck;
using EventFold.Orleans.Aggregates;
using EventFold.Orleans.Commands;
using EventFold.Orleans.Events;
using EventFold.Orleans.Hosting;
using EventFold.Orleans.Provider;
using EventFold.Orleans.Tests.Events.Domain;
using OrderSample.Domain;
using Xunit;

namespace EventFold.Orleans.Tests.Events;

/// <summary>decode(encode(x)) == x through the event codec and the snapshot JSON, with the options a silo uses by default.</summary>
public sealed class CodecRoundTripProperties
{
    private static readonly JsonSerializerOptions Json = new EventFoldOptions().JsonSerializerOptions;

    private static readonly EnvelopeEntryCodec<object> Codec = new(
        EventTypeRegistry.Build(typeof(object), [], [typeof(RecordShape), typeof(FieldShape), typeof(MixedShape), typeof(OrderPlaced), typeof(LineAdded), typeof(OrderShipped)]),
        Json);

    // Valid UTF-16 only: a lone surrogate cannot be written as UTF-8 by any JSON writer.
    private static readonly Gen<string> Text = Gen.OneOf(Gen.Char[' ', '~'], Gen.Char['\u00a0', '\ud7ff']).Array[0, 12].Select(chars => new string(chars));

    private static readonly Gen<FieldShape> Fields = Gen.Select(
        Gen.Int, Text.Null(), Gen.Guid.Nullable(), Text.Dictionary(Gen.Int)[0, 3].List[0, 3], Gen.Int.Array[0, 5],
        Gen.Long[DateTimeOffset.MinValue.Ticks + TimeSpan.TicksPerDay, DateTimeOffset.MaxValue.Ticks - TimeSpan.TicksPerDay], Gen.Int[-14 * 60, 14 * 60],
        (count, name, key, nested, numbers, ticks, offset) => new FieldShape
        {
            Count = count, Name = name, Key = key, Nested = nested, Numbers = numbers, At = new DateTimeOffset(ticks, TimeSpan.FromMinutes(offset)),
        });

    private static readonly Gen<RecordShape> Records = Gen.Select(
        Gen.Int, Text.Null(), Gen.Long.Nullable(), Gen.Int.List[0, 4].List[0, 4], Text.Dictionary(Text.Null())[0, 4], Fields.Null(),
        (number, text, maybe, grid, tags, child) => new RecordShape(number, text, maybe, grid, tags, child));

    private static readonly Gen<MixedShape> Mixed = Gen.Select(Gen.Decimal, Text, Fields, Text.HashSet[0, 4],
        (amount, label, inner, set) => new MixedShape { Amount = amount, Label = label, Inner = inner, Set = set });

    private static readonly Gen<object> SampleEvents = Gen.OneOf<object>(
        Text.Select(customer => (object)new OrderPlaced(customer)),
        Gen.Select(Text, Gen.Int, (sku, quantity) => (object)new LineAdded(sku, quantity)),
        Gen.Const<object>(new OrderShipped()));

    [Fact]
    public void Records_classes_with_fields_nested_collections_and_nullable_members_round_trip_as_events() =>
        Gen.OneOf(Records.Select(r => (object)r), Fields.Select(f => (object)f), Mixed.Select(m => (object)m)).Sample(AssertEventRoundTrips);

    [Fact]
    public void The_sample_events_round_trip() => SampleEvents.Sample(AssertEventRoundTrips);

    [Fact]
    public void The_sample_state_round_trips_as_a_snapshot() =>
        Gen.Select(Gen.Enum<OrderStatus>(), Text.Null(), Text.Dictionary(Gen.Int)[0, 5])
            .Select((status, customer, lines) => new OrderState { Status = status, Customer = customer, Lines = lines })
            .Sample(AssertSnapshotRoundTrips);

    [Fact]
    public void Field_based_state_round_trips_as_a_snapshot() =>
        Gen.Select(Gen.Int, Text.List[0, 5], (count, notes) => new FieldCounterState { Count = count, Notes = notes })
            .Sample(AssertSnapshotRoundTrips);

    private static void AssertEventRoundTrips(object value)
    {
        var envelope = new EventEnvelope<object> { Event = value, EventId = "e", Timestamp = 1, CommandId = "c" };
        var decoded = Codec.Decode(Codec.Encode(envelope, DateTimeOffset.UnixEpoch)).Event;
        Assert.True(StructuralEquality.AreEqual(value, decoded, out var difference), difference);
    }

    private static void AssertSnapshotRoundTrips<TState>(TState state)
    {
        var view = new AggregateView<TState> { State = state, Version = 3, RecentCommands = [new ProcessedCommand("c-1", 0, 2)] };
        var snapshot = new SnapshotState<AggregateView<TState>>(3, view);
        var decoded = JsonSerializer.Deserialize<SnapshotState<AggregateView<TState>>>(JsonSerializer.SerializeToUtf8Bytes(snapshot, Json), Json);
        Assert.True(StructuralEquality.AreEqual(snapshot, decoded, out var difference), difference);
    }
}
