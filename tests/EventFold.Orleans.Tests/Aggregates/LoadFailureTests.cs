using EventFold.Orleans.Aggregates;
using EventFold.Orleans.Commands;
using EventFold.Orleans.Tests.Domain;
using EventFold.Orleans.Tests.Support;
using Xunit;

namespace EventFold.Orleans.Tests.Aggregates;

/// <summary>A stream that cannot be folded fails the activation with a typed error instead of running on a wrong state.</summary>
public sealed class LoadFailureTests : SiloTest
{

    private async Task<IAccountAggregate> AccountWithExtraLine(string id, Event extra)
    {
        var account = Cluster.Client.GetGrain<IAccountAggregate>(id);
        await account.Execute(new OpenAccount(id), CommandContext.None);
        await Cluster.DeactivateAsync(account);
        using (var lease = await Cluster.Store().OpenWriterAsync("account", id, CancellationToken.None))
        {
            lease.Use(w => w.Append(extra));
        }

        return account;
    }

    [Fact]
    public async Task An_unknown_event_type_fails_activation_with_a_typed_error()
    {
        var account = await AccountWithExtraLine("unknown-type", new Event("renamed-long-ago", "{}"u8.ToArray(), 1));

        var error = await Assert.ThrowsAsync<AggregateLoadException>(() => account.GetState());

        Assert.Equal(("account", "unknown-type", 1L), (error.AggregateType, error.AggregateId, error.Version));
        Assert.Contains("renamed-long-ago", error.Reason);
        Assert.EndsWith(nameof(EventFold.Orleans.Events.EventTypeMappingException), error.CauseType);
    }

    [Fact]
    public async Task Event_data_of_the_wrong_shape_fails_activation()
    {
        var account = await AccountWithExtraLine("bad-data", new Event("deposited", "{\"amount\":\"lots\"}"u8.ToArray(), 1));

        var error = await Assert.ThrowsAsync<AggregateLoadException>(() => account.Execute(new Deposit(1), CommandContext.None));

        Assert.Equal("System.Text.Json.JsonException", error.CauseType);
        Assert.Equal(2, StreamFiles.ReadAll(Cluster.Directory("account", "bad-data")).Count);
    }

    [Fact]
    public async Task An_event_the_fold_does_not_handle_fails_activation()
    {
        var account = await AccountWithExtraLine("fold-throws", new Event("account-frozen", "{}"u8.ToArray(), 1));

        var error = await Assert.ThrowsAsync<AggregateLoadException>(() => account.GetState());

        Assert.Equal(1, error.Version);
        Assert.Equal(typeof(ArgumentOutOfRangeException).FullName, error.CauseType);
    }
}
