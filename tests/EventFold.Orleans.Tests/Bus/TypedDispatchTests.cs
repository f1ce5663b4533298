using EventFold.Orleans.Bus;
using EventFold.Orleans.Commands;
using EventFold.Orleans.Tests.Domain;
using EventFold.Orleans.Tests.Support;
using Xunit;

namespace EventFold.Orleans.Tests.Bus;

/// <summary>Typed envelopes reach the aggregate grain their aggregate type name stands for, with no registration in user code.</summary>
public sealed class TypedDispatchTests : SiloTest
{
    [Fact]
    public async Task Commands_for_two_aggregate_types_reach_their_grains_and_are_written_to_their_streams()
    {
        var bus = Cluster.Bus();

        var registered = await bus.SendAsync(new CommandEnvelope { AggregateType = "bus-parcel", AggregateId = "p-1", Command = new RegisterParcel("Ada", 1200) });
        var shipped = await bus.SendAsync(new CommandEnvelope { AggregateType = "bus-parcel", AggregateId = "p-1", Command = new ShipParcel("post") });
        var opened = await bus.SendAsync(new CommandEnvelope { AggregateType = "account", AggregateId = "a-1", Command = new OpenAccount("Bob") });
        var deposited = await bus.SendAsync(new CommandEnvelope { AggregateType = "account", AggregateId = "a-1", Command = new Deposit(30) });

        Assert.True(registered.Succeeded);
        Assert.Equal((1L, 1, false), (registered.Version, registered.EventCount, registered.WasDuplicate));
        Assert.Equal([new ParcelRegistered("Ada", 1200)], registered.Events);
        Assert.Equal((2L, new ParcelShipped("post")), (shipped.Version, (ParcelShipped)shipped.Events.Single()));
        Assert.Equal((1L, 2L), (opened.Version, deposited.Version));
        Assert.Equal([new Deposited(30)], deposited.Events);

        Assert.Equal(["bus-parcel-registered", "bus-parcel-shipped"], Cluster.ReadAll("bus-parcel", "p-1").Select(e => e.Type));
        Assert.Equal(["account-opened", "deposited"], Cluster.ReadAll("account", "a-1").Select(e => e.Type));
        Assert.Equal("post", (await Cluster.Client.GetGrain<IParcelAggregate>("p-1").GetState()).Carrier);
        Assert.Equal(30, (await Cluster.Client.GetGrain<IAccountAggregate>("a-1").GetState()).Balance);
    }

    [Fact]
    public async Task A_domain_rejection_comes_back_as_the_outcome_and_writes_nothing()
    {
        var outcome = await Cluster.Bus().SendAsync(new CommandEnvelope { AggregateType = "bus-parcel", AggregateId = "p-2", Command = new ShipParcel("post") });

        Assert.False(outcome.Succeeded);
        Assert.Equal("parcel.unknown", outcome.Error!.Code);
        Assert.Equal((0L, 0), (outcome.Version, outcome.EventCount));
        Assert.Empty(Cluster.ReadAll("bus-parcel", "p-2"));
    }

    [Fact]
    public async Task A_command_id_sent_twice_through_the_bus_is_applied_once_and_reported_as_a_duplicate()
    {
        var bus = Cluster.Bus();
        var envelope = new CommandEnvelope
        {
            AggregateType = "bus-parcel",
            AggregateId = "p-3",
            Command = new RegisterParcel("Cy", 50),
            Context = new CommandContext { CommandId = "register-p-3" },
        };

        var first = await bus.SendAsync(envelope);
        var second = await bus.SendAsync(envelope);

        Assert.False(first.WasDuplicate);
        Assert.True(second.WasDuplicate);
        Assert.Equal((1L, 1), (second.Version, second.EventCount));
        Assert.Equal([new ParcelRegistered("Cy", 50)], second.Events);
        Assert.Single(Cluster.ReadAll("bus-parcel", "p-3"));
    }
}
