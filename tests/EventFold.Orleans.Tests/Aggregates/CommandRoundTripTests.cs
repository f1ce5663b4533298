using Xunit;
using System.Text;
using System.Text.Json;
using EventFold.Orleans.Aggregates;
using EventFold.Orleans.Commands;
using EventFold.Orleans.Tests.Domain;
using EventFold.Orleans.Tests.Support;

namespace EventFold.Orleans.Tests.Aggregates;

public sealed class CommandRoundTripTests : SiloTest
{

    private IAccountAggregate Account(string id) => Cluster.Client.GetGrain<IAccountAggregate>(id);

    [Fact]
    public async Task Command_events_reach_disk_in_eventfold_format_and_fold_into_state()
    {
        var account = Account("ann-1");
        var opened = await account.Execute(new OpenAccount("ann"), CommandContext.None);
        var deposited = await account.Execute(new Deposit(42), CommandContext.None);

        Assert.True(opened.Succeeded);
        Assert.Equal(1, opened.Version);
        Assert.Equal(2, deposited.Version);
        Assert.Equal(new StreamPosition("account", "ann-1", 2), deposited.Position);
        Assert.Equal([new Deposited(42)], deposited.Events);

        var lines = Cluster.ReadAll("account", "ann-1");
        Assert.Equal(["account-opened", "deposited"], lines.Select(e => e.Type));
        Assert.Equal("{\"owner\":\"ann\"}", Encoding.UTF8.GetString(lines[0].Data.Span));
        Assert.Equal("{\"amount\":42}", Encoding.UTF8.GetString(lines[1].Data.Span));

        var state = await account.GetVersionedState();
        Assert.Equal(2, state.Version);
        Assert.Equal(new AccountState { Opened = true, Owner = "ann", Balance = 42, Deposits = 1 }, state.State);
    }

    [Fact]
    public async Task A_domain_error_is_returned_typed_and_nothing_is_written()
    {
        var account = Account("bob-1");
        await account.Execute(new OpenAccount("bob"), CommandContext.None);
        await account.Execute(new Deposit(5), CommandContext.None);
        var before = StreamFiles.ReadLogBytes(Cluster.Directory("account", "bob-1"));

        var result = await account.Execute(new Withdraw(9), CommandContext.None);

        Assert.False(result.Succeeded);
        var error = Assert.IsType<InsufficientFunds>(result.Error);
        Assert.Equal((5L, 9L), (error.Balance, error.Requested));
        Assert.Empty(result.Events);
        Assert.Equal(2, result.Version);
        Assert.Equal(before, StreamFiles.ReadLogBytes(Cluster.Directory("account", "bob-1")));
        Assert.Equal(5, (await account.GetState()).Balance);
    }

    [Fact]
    public async Task A_rejected_first_command_creates_no_stream()
    {
        var result = await Account("never-opened").Execute(new Deposit(1), CommandContext.None);

        Assert.Equal("account.not-open", result.Error?.Code);
        Assert.False(Directory.Exists(Cluster.Directory("account", "never-opened")));
        Assert.DoesNotContain("never-opened", Cluster.Store().ListIds("account"));
    }

    [Fact]
    public async Task The_command_context_is_written_into_every_event()
    {
        var account = Account("ctx-1");
        await account.Execute(new OpenAccount("cat"), CommandContext.None);
        var context = new CommandContext
        {
            Actor = "user-7",
            CorrelationId = "corr-1",
            CausationId = "cause-1",
            CommandId = "cmd-1",
            Metadata = new() { ["tenant"] = "acme", ["ip"] = "10.0.0.1" },
            EventIds = ["evt-supplied"],
        };

        var result = await account.Execute(new DepositMany([1, 2]), context);

        Assert.Equal(3, result.Version);
        var written = Cluster.ReadAll("account", "ctx-1").Skip(1).ToList();
        Assert.Equal(2, written.Count);
        Assert.Equal("evt-supplied", written[0].Id);
        var generated = Guid.Parse(written[1].Id!);
        Assert.Equal(7, generated.Version);
        foreach (var e in written)
        {
            Assert.Equal("user-7", e.Actor);
            using var meta = JsonDocument.Parse(e.Meta!.Value);
            var m = meta.RootElement;
            Assert.Equal("cmd-1", m.GetProperty("command_id").GetString());
            Assert.Equal("corr-1", m.GetProperty("correlation_id").GetString());
            Assert.Equal("cause-1", m.GetProperty("causation_id").GetString());
            Assert.Equal("acme", m.GetProperty("tenant").GetString());
            Assert.Equal("10.0.0.1", m.GetProperty("ip").GetString());
        }
    }

    [Fact]
    public async Task Reserved_metadata_keys_are_refused_with_a_clear_error()
    {
        var account = Account("ctx-2");
        await account.Execute(new OpenAccount("dan"), CommandContext.None);
        var context = new CommandContext { Metadata = new() { ["command_id"] = "sneaky" } };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => account.Execute(new Deposit(1), context));

        Assert.Contains("command_id", error.Message);
        Assert.Single(Cluster.ReadAll("account", "ctx-2"));
    }

    [Fact]
    public async Task All_events_of_one_command_are_one_framed_batch()
    {
        var account = Account("batch-1");
        await account.Execute(new OpenAccount("eve"), CommandContext.None);
        await account.Execute(new DepositMany([1, 2, 3]), CommandContext.None);

        var text = Encoding.UTF8.GetString(StreamFiles.ReadLogBytes(Cluster.Directory("account", "batch-1"))).TrimEnd('\n').Split('\n');

        Assert.Equal(4, text.Length);
        Assert.DoesNotContain("batch_rest", text[0]);
        Assert.Contains("\"batch_rest\":2", text[1]);
        Assert.Contains("\"batch_rest\":1", text[2]);
        Assert.DoesNotContain("batch_rest", text[3]);
        Assert.Equal(6, (await account.GetState()).Balance);
    }

    [Fact]
    public async Task Created_streams_are_listed_from_the_registry()
    {
        await Account("list-a").Execute(new OpenAccount("a"), CommandContext.None);
        await Account("list-b").Execute(new OpenAccount("b"), CommandContext.None);

        var ids = Cluster.Store().ListIds("account");
        Assert.Contains("list-a", ids);
        Assert.Contains("list-b", ids);
        Assert.True(ids.ToList().IndexOf("list-a") < ids.ToList().IndexOf("list-b"));
        Assert.Contains("account", Cluster.Store().ListAggregateTypes());
    }
}
