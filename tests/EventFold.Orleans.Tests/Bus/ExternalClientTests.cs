using EventFold.Orleans.Bus;
using EventFold.Orleans.Commands;
using EventFold.Orleans.Tests.Domain;
using EventFold.Orleans.Tests.Support;
using Xunit;

namespace EventFold.Orleans.Tests.Bus;

/// <summary>A cluster client sends envelopes through the silo's <see cref="ICommandBusGrain"/>: same outcomes, same typed errors.</summary>
public sealed class ExternalClientTests : SiloTest
{
    [Fact]
    public async Task A_client_sends_json_and_typed_envelopes_through_the_bus_grain()
    {
        var bus = Cluster.Client.GetCommandBus();

        var registered = await bus.SendJsonAsync(new JsonCommandEnvelope
        {
            AggregateType = "bus-parcel",
            AggregateId = "x-1",
            CommandType = "bus-register-parcel",
            Payload = """{"recipient":"Kim","weightGrams":10}""",
            Context = new CommandContext { CommandId = "x-1-register", Actor = "cli" },
        });
        var shipped = await bus.SendAsync(new CommandEnvelope { AggregateType = "bus-parcel", AggregateId = "x-1", Command = new ShipParcel("rail") });
        var rejected = await bus.SendAsync(new CommandEnvelope { AggregateType = "account", AggregateId = "x-2", Command = new Deposit(5) });

        Assert.Equal([new ParcelRegistered("Kim", 10)], registered.Events);
        Assert.Equal(2L, shipped.Version);
        Assert.Equal("account.not-open", rejected.Error!.Code);
        Assert.Equal(["cli", null], Cluster.ReadAll("bus-parcel", "x-1").Select(e => e.Actor));
    }

    [Fact]
    public async Task Envelope_errors_reach_the_client_typed()
    {
        var bus = Cluster.Client.GetCommandBus();

        var unknown = await Assert.ThrowsAsync<UnknownAggregateTypeException>(() => bus.SendJsonAsync(
            new JsonCommandEnvelope { AggregateType = "nope", AggregateId = "x", CommandType = "bus-ship-parcel", Payload = "{}" }));
        var malformed = await Assert.ThrowsAsync<MalformedCommandException>(() => bus.SendJsonAsync(
            new JsonCommandEnvelope { AggregateType = "bus-parcel", AggregateId = "x", CommandType = "bus-ship-parcel", Payload = "{\"carrier\":" }));
        var command = await Assert.ThrowsAsync<UnknownCommandTypeException>(() => bus.SendJsonAsync(
            new JsonCommandEnvelope { AggregateType = "bus-parcel", AggregateId = "x", CommandType = "bus-burn-parcel", Payload = "{}" }));

        Assert.Equal("nope", unknown.AggregateType);
        Assert.Contains("bus-parcel", unknown.KnownTypes);
        Assert.Equal((0L, 11L), (malformed.LineNumber, malformed.BytePositionInLine));
        Assert.Equal("bus-burn-parcel", command.CommandType);
        Assert.Empty(Cluster.ReadAll("bus-parcel", "x"));
    }
}
