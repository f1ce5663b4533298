using Xunit;
using EventFold.Orleans.Aggregates;
using EventFold.Orleans.Commands;
using EventFold.Orleans.Tests.Domain;
using EventFold.Orleans.Tests.Support;

namespace EventFold.Orleans.Tests.Aggregates;

/// <summary><c>CommandContext.ExpectedVersion</c>: optimistic concurrency for callers that decided on what they read.</summary>
public sealed class ExpectedVersionTests : SiloTest
{
    [Fact]
    public async Task A_command_expecting_an_old_version_is_refused_typed_and_nothing_is_written()
    {
        var account = Cluster.Client.GetGrain<IAccountAggregate>("stale");
        var opened = await account.Execute(new OpenAccount("sam"), new CommandContext { ExpectedVersion = 0 });
        var deposited = await account.Execute(new Deposit(5), new CommandContext { ExpectedVersion = opened.Version });
        var before = StreamFiles.ReadLogBytes(Cluster.Directory("account", "stale"));

        var error = await Assert.ThrowsAsync<ExpectedVersionMismatchException>(
            () => account.Execute(new Deposit(7), new CommandContext { ExpectedVersion = opened.Version }));

        Assert.Equal(2, deposited.Version);
        Assert.Equal(("account", "stale", 1L, 2L), (error.AggregateType, error.AggregateId, error.ExpectedVersion, error.ActualVersion));
        Assert.Equal(before, StreamFiles.ReadLogBytes(Cluster.Directory("account", "stale")));
        await Assert.ThrowsAsync<ExpectedVersionMismatchException>(
            () => account.Execute(new Deposit(7), new CommandContext { ExpectedVersion = 3 }));
        Assert.Equal(5, (await account.GetState()).Balance);
    }

    [Fact]
    public async Task A_resent_command_is_recognised_as_a_duplicate_before_its_version_is_checked()
    {
        var account = Cluster.Client.GetGrain<IAccountAggregate>("resent");
        await account.Execute(new OpenAccount("ria"), CommandContext.None);
        var context = new CommandContext { CommandId = "dep-1", ExpectedVersion = 1 };

        var first = await account.Execute(new Deposit(4), context);
        var resent = await account.Execute(new Deposit(4), context);

        Assert.False(first.WasDuplicate);
        Assert.True(resent.WasDuplicate);
        Assert.Equal(first.Version, resent.Version);
        Assert.Equal(2, Cluster.ReadAll("account", "resent").Count);
    }

    [Fact]
    public async Task The_expected_version_is_checked_again_after_a_conflict()
    {
        var account = Cluster.Client.GetGrain<IAccountAggregate>("moved");
        await account.Execute(new OpenAccount("mo"), CommandContext.None);
        var seen = (await account.Execute(new Deposit(10), CommandContext.None)).Version;
        using var conflicts = new EventCounter("eventfold.append.conflicts", "account");
        using (var lease = await Cluster.Store().OpenWriterAsync("account", "moved", CancellationToken.None))
        {
            lease.Use(w => w.Append(new Event("withdrawn", "{\"amount\":7}"u8.ToArray(), 1)));
        }

        // The grain still believes the stream is at the version the caller saw: only the conflict reveals it moved.
        var error = await Assert.ThrowsAsync<ExpectedVersionMismatchException>(
            () => account.Execute(new Deposit(1), new CommandContext { ExpectedVersion = seen }));

        Assert.Equal(1, conflicts.Total);
        Assert.Equal((seen, 3L), (error.ExpectedVersion, error.ActualVersion));
        Assert.Equal(3, Cluster.ReadAll("account", "moved").Count);
        Assert.Equal(3, (await account.GetState()).Balance);
    }

    [Fact]
    public void A_negative_expected_version_is_refused_by_the_context()
    {
        var error = Assert.Throws<ArgumentException>(() => new CommandContext { ExpectedVersion = -1 }.Validate());
        Assert.Contains("ExpectedVersion", error.Message, StringComparison.Ordinal);
    }
}
