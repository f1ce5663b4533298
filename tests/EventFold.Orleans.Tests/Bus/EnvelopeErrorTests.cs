using EventFold.Orleans.Bus;
using EventFold.Orleans.Commands;
using EventFold.Orleans.Tests.Domain;
using EventFold.Orleans.Tests.Support;
using Xunit;

namespace EventFold.Orleans.Tests.Bus;

/// <summary>Every way an envelope can be wrong is a typed <see cref="CommandBusException"/> that names the fault; nothing is written.</summary>
public sealed class EnvelopeErrorTests : SiloTest
{
    [Fact]
    public async Task An_unknown_aggregate_type_is_refused_with_the_known_ones()
    {
        var bus = Cluster.Bus();

        var typed = await Assert.ThrowsAsync<UnknownAggregateTypeException>(() =>
            bus.SendAsync(new CommandEnvelope { AggregateType = "parcel", AggregateId = "x", Command = new ShipParcel("post") }));
        var json = await Assert.ThrowsAsync<UnknownAggregateTypeException>(() =>
            bus.SendJsonAsync(new JsonCommandEnvelope { AggregateType = "no-such", AggregateId = "x", CommandType = "bus-ship-parcel", Payload = "{}" }));

        Assert.Equal("parcel", typed.AggregateType);
        Assert.Contains("bus-parcel", typed.KnownTypes);
        Assert.Contains("'parcel'", typed.Message, StringComparison.Ordinal);
        Assert.Equal("no-such", json.AggregateType);
        Assert.False(Directory.Exists(Path.Combine(Dir.Path, "streams", "parcel")));
    }

    [Fact]
    public async Task An_unknown_command_type_is_refused_with_the_names_the_aggregate_takes()
    {
        var error = await Assert.ThrowsAsync<UnknownCommandTypeException>(() => Cluster.Bus().SendJsonAsync(
            new JsonCommandEnvelope { AggregateType = "bus-parcel", AggregateId = "u-1", CommandType = "bus-lose-parcel", Payload = "{}" }));

        Assert.Equal(("bus-parcel", "bus-lose-parcel"), (error.AggregateType, error.CommandType));
        Assert.Equal(["bus-register-parcel", "bus-ship-parcel"], error.KnownCommandTypes.Order(StringComparer.Ordinal));
        Assert.Contains("'bus-lose-parcel'", error.Message, StringComparison.Ordinal);
        Assert.Empty(Cluster.ReadAll("bus-parcel", "u-1"));
    }

    [Theory]
    [InlineData("{\"recipient\":\"Ann\",\"weightGrams\":}", 0L, 33L)]
    [InlineData("{\"recipient\":\"Ann\",\n\"weightGrams\":\"heavy\"}", 1L, 21L)]
    [InlineData("{\"recipient\":\"Ann\"", 0L, 18L)]
    public async Task Malformed_json_is_refused_with_its_position_and_writes_nothing(string payload, long line, long position)
    {
        var error = await Assert.ThrowsAsync<MalformedCommandException>(() => Cluster.Bus().SendJsonAsync(
            new JsonCommandEnvelope { AggregateType = "bus-parcel", AggregateId = "m-1", CommandType = "bus-register-parcel", Payload = payload }));

        Assert.Equal("bus-register-parcel", error.CommandType);
        Assert.Equal((line, position), (error.LineNumber, error.BytePositionInLine));
        Assert.Contains($"line {line}, byte {position}", error.Message, StringComparison.Ordinal);
        Assert.Contains(typeof(RegisterParcel).FullName!, error.Message, StringComparison.Ordinal);
        Assert.Empty(Cluster.ReadAll("bus-parcel", "m-1"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("   ")]
    public async Task A_payload_that_is_no_command_is_malformed(string payload)
    {
        var error = await Assert.ThrowsAsync<MalformedCommandException>(() => Cluster.Bus().SendJsonAsync(
            new JsonCommandEnvelope { AggregateType = "bus-parcel", AggregateId = "m-2", CommandType = "bus-ship-parcel", Payload = payload }));

        Assert.Equal("bus-ship-parcel", error.CommandType);
    }

    [Fact]
    public async Task A_command_of_another_aggregate_is_refused_typed_and_json()
    {
        var bus = Cluster.Bus();

        var typed = await Assert.ThrowsAsync<CommandNotAcceptedException>(() =>
            bus.SendAsync(new CommandEnvelope { AggregateType = "account", AggregateId = "w-1", Command = new ShipParcel("post") }));
        var json = await Assert.ThrowsAsync<CommandNotAcceptedException>(() =>
            bus.SendJsonAsync(new JsonCommandEnvelope { AggregateType = "bus-parcel", AggregateId = "w-2", CommandType = "Deposit", Payload = """{"amount":1}""" }));

        Assert.Equal(("account", "bus-ship-parcel", typeof(AccountCommand).FullName), (typed.AggregateType, typed.CommandType, typed.CommandBaseType));
        Assert.Equal([typeof(ShipParcel).FullName!], typed.CommandClasses);
        Assert.Equal(("bus-parcel", "Deposit", typeof(ParcelCommand).FullName), (json.AggregateType, json.CommandType, json.CommandBaseType));
        Assert.Contains(typeof(Deposit).FullName, json.CommandClasses);
        Assert.Empty(Cluster.ReadAll("account", "w-1"));
        Assert.Empty(Cluster.ReadAll("bus-parcel", "w-2"));
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("lone-high-surrogate")]
    [InlineData("lone-low-surrogate")]
    public async Task An_unusable_aggregate_id_is_refused(string? id)
    {
        // xUnit would carry a lone surrogate in InlineData as U+FFFD, like Orleans does: it is made here.
        id = id switch { "lone-high-surrogate" => "a\uD800b", "lone-low-surrogate" => "\uDC00", _ => id };
        var error = await Assert.ThrowsAsync<InvalidAggregateIdException>(() =>
            Cluster.Bus().SendAsync(new CommandEnvelope { AggregateType = "bus-parcel", AggregateId = id!, Command = new ShipParcel("post") }));

        Assert.Equal("bus-parcel", error.AggregateType);
        Assert.False(string.IsNullOrEmpty(error.Reason));
        Assert.False(Directory.Exists(Path.Combine(Dir.Path, "streams", "bus-parcel")));
    }

    [Fact]
    public async Task An_id_too_long_to_store_is_refused_with_the_stream_id_reason()
    {
        var error = await Assert.ThrowsAsync<InvalidAggregateIdException>(() =>
            Cluster.Bus().SendAsync(new CommandEnvelope { AggregateType = "bus-parcel", AggregateId = new string('x', 500), Command = new ShipParcel("post") }));

        Assert.IsType<EventFold.Orleans.Store.InvalidStreamIdException>(error.InnerException);
        Assert.Equal(((EventFold.Orleans.Store.InvalidStreamIdException)error.InnerException!).Reason, error.Reason);
    }

    [Fact]
    public async Task A_missing_command_or_an_invalid_context_is_refused_naming_the_member()
    {
        var bus = Cluster.Bus();

        var noCommand = await Assert.ThrowsAsync<InvalidCommandEnvelopeException>(() =>
            bus.SendAsync(new CommandEnvelope { AggregateType = "bus-parcel", AggregateId = "c-1", Command = null! }));
        var reserved = await Assert.ThrowsAsync<InvalidCommandEnvelopeException>(() => bus.SendAsync(new CommandEnvelope
        {
            AggregateType = "bus-parcel",
            AggregateId = "c-1",
            Command = new RegisterParcel("Gus", 5),
            Context = new CommandContext { Metadata = new() { [MetaKeys.CommandId] = "sneaky" } },
        }));
        var noName = await Assert.ThrowsAsync<InvalidCommandEnvelopeException>(() =>
            bus.SendJsonAsync(new JsonCommandEnvelope { AggregateType = "bus-parcel", AggregateId = "c-1", CommandType = "", Payload = "{}" }));

        Assert.Equal("Command", noCommand.Member);
        Assert.Equal("Context.Metadata", reserved.Member);
        Assert.Contains(MetaKeys.CommandId, reserved.Message, StringComparison.Ordinal);
        Assert.Equal("CommandType", noName.Member);
        Assert.Empty(Cluster.ReadAll("bus-parcel", "c-1"));
    }

    [Fact]
    public async Task An_aggregate_type_two_grain_classes_claim_is_refused_naming_both()
    {
        // The test assembly hosts two "ledger" grain classes (this one's and the external domain's).
        var error = await Assert.ThrowsAsync<AmbiguousAggregateTypeException>(() =>
            Cluster.Bus().SendAsync(new CommandEnvelope { AggregateType = "ledger", AggregateId = "l-1", Command = new Deposit(1) }));

        Assert.Contains(typeof(LedgerAccountGrain).FullName, error.GrainClasses);
        Assert.Contains(typeof(EventFold.Orleans.Tests.ExternalDomain.LedgerGrain).FullName, error.GrainClasses);
    }

    [Fact]
    public void Every_envelope_error_is_a_CommandBusException()
    {
        Type[] errors =
        [
            typeof(UnknownAggregateTypeException), typeof(AmbiguousAggregateTypeException), typeof(UnknownCommandTypeException),
            typeof(MalformedCommandException), typeof(CommandNotAcceptedException), typeof(InvalidAggregateIdException),
            typeof(InvalidCommandEnvelopeException),
        ];

        Assert.All(errors, e => Assert.True(typeof(CommandBusException).IsAssignableFrom(e), e.Name));
    }
}
