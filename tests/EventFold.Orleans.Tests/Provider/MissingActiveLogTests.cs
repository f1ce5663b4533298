using EventFold.Orleans.Aggregates;
using EventFold.Orleans.Commands;
using EventFold.Orleans.Tests.Domain;
using EventFold.Orleans.Tests.Support;
using Xunit;

namespace EventFold.Orleans.Tests.Provider;

/// <summary>
/// A stream whose app.jsonl is gone (or is not a file) while its archive or snapshot shows it had events never starts
/// over empty: the activation fails with a typed error naming the file, and no fresh log numbered from 0 is created.
/// </summary>
public sealed class MissingActiveLogTests : SiloTest
{
    protected override void Configure(global::EventFold.Orleans.Hosting.EventFoldOptions options) => options.MaxActiveLogBytes = 1024;

    [Fact]
    public async Task A_deleted_app_jsonl_next_to_an_archive_fails_activation_instead_of_starting_empty()
    {
        var (account, directory) = await RotatedAccount("deleted-log");
        File.Delete(Path.Combine(directory, "app.jsonl"));

        var error = await Assert.ThrowsAsync<AggregateLoadException>(() => account.GetVersionedState());
        Assert.EndsWith(nameof(CorruptLogException), error.CauseType);
        Assert.Contains("app.jsonl is missing", error.Reason);
        Assert.Contains(Path.Combine(directory, "app.jsonl"), error.Reason);

        await Assert.ThrowsAsync<AggregateLoadException>(() => account.Execute(new Deposit(1), new CommandContext { CommandId = "dep-1" }));
        Assert.False(File.Exists(Path.Combine(directory, "app.jsonl")));
    }

    [Fact]
    public async Task An_app_jsonl_replaced_by_a_directory_fails_activation()
    {
        var (account, directory) = await RotatedAccount("directory-log");
        File.Delete(Path.Combine(directory, "app.jsonl"));
        Directory.CreateDirectory(Path.Combine(directory, "app.jsonl"));

        var error = await Assert.ThrowsAsync<AggregateLoadException>(() => account.GetVersionedState());
        Assert.Contains("app.jsonl is a directory", error.Reason);
    }

    [Fact]
    public async Task A_deleted_app_jsonl_of_a_stream_with_a_snapshot_but_no_archive_fails_activation()
    {
        var account = Cluster.Client.GetGrain<IAccountAggregate>("snapshot-only");
        await account.Execute(new OpenAccount("s"), CommandContext.None);
        await Cluster.DeactivateAsync(account); // saves the snapshot
        var directory = Cluster.Directory("account", "snapshot-only");
        File.Delete(Path.Combine(directory, "app.jsonl"));

        var error = await Assert.ThrowsAsync<AggregateLoadException>(() => account.GetVersionedState());
        Assert.Contains("state.snapshot.json", error.Reason);
        Assert.False(File.Exists(Path.Combine(directory, "app.jsonl")));
    }

    private async Task<(IAccountAggregate Account, string Directory)> RotatedAccount(string id)
    {
        var account = Cluster.Client.GetGrain<IAccountAggregate>(id);
        var directory = Cluster.Directory("account", id);
        await account.Execute(new OpenAccount(id), CommandContext.None);
        for (var i = 1; !File.Exists(Path.Combine(directory, "archive.jsonl.zst")); i++)
        {
            Assert.True(i < 200, "no rotation happened");
            await account.Execute(new Deposit(i), new CommandContext { CommandId = $"dep-{i}" });
        }

        await Cluster.DeactivateAsync(account);
        return (account, directory);
    }
}
