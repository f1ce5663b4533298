using System.Text.Json;
using EventFold.Orleans.Bus;
using EventFold.Orleans.Commands;
using EventFold.Orleans.Hosting;
using EventFold.Orleans.Tests.Domain;
using EventFold.Orleans.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace EventFold.Orleans.Tests.Bus;

/// <summary>JSON envelopes name their command by its stable name and are decoded with the store's JSON options.</summary>
public sealed class JsonDispatchTests : SiloTest
{
    [Fact]
    public async Task A_json_command_is_decoded_by_its_CommandType_name_or_class_name_and_applied()
    {
        var bus = Cluster.Bus();

        var parcel = await bus.SendJsonAsync(new JsonCommandEnvelope
        {
            AggregateType = "bus-parcel",
            AggregateId = "j-1",
            CommandType = "bus-register-parcel",
            Payload = """{"recipient":"Dee","weightGrams":700}""",
            Context = new CommandContext { Actor = "tool" },
        });
        await bus.SendJsonAsync(new JsonCommandEnvelope { AggregateType = "account", AggregateId = "j-2", CommandType = "OpenAccount", Payload = """{"owner":"Eve"}""" });
        var deposit = await bus.SendJsonAsync(new JsonCommandEnvelope { AggregateType = "account", AggregateId = "j-2", CommandType = "Deposit", Payload = """{"amount":12}""" });

        Assert.Equal([new ParcelRegistered("Dee", 700)], parcel.Events);
        Assert.Equal("tool", Cluster.ReadAll("bus-parcel", "j-1").Single().Actor);
        Assert.Equal((2L, new Deposited(12)), (deposit.Version, (Deposited)deposit.Events.Single()));
    }

    [Fact]
    public async Task The_json_form_of_a_typed_envelope_dispatches_to_the_same_command()
    {
        var json = Cluster.GetSiloServiceProvider().GetRequiredService<IOptions<EventFoldOptions>>().Value.JsonSerializerOptions;
        var typed = new CommandEnvelope
        {
            AggregateType = "bus-parcel",
            AggregateId = "j-3",
            Command = new RegisterParcel("Fay", 90),
            Context = new CommandContext { CommandId = "c-1", Metadata = new() { ["k"] = "v" } },
        };

        var form = JsonCommandEnvelope.From(typed, json);
        var outcome = await Cluster.Bus().SendJsonAsync(form);
        var again = await Cluster.Bus().SendAsync(typed);

        Assert.Equal(("bus-parcel", "j-3", "bus-register-parcel"), (form.AggregateType, form.AggregateId, form.CommandType));
        Assert.Equal(new RegisterParcel("Fay", 90), JsonSerializer.Deserialize<RegisterParcel>(form.Payload, json));
        Assert.Same(typed.Context, form.Context);
        Assert.Equal([new ParcelRegistered("Fay", 90)], outcome.Events);
        Assert.True(again.WasDuplicate); // the same command id and the same command: the JSON form is faithful
        Assert.Equal("Deposit", JsonCommandEnvelope.From(typed with { AggregateType = "account", Command = new Deposit(1) }, json).CommandType);
    }
}
