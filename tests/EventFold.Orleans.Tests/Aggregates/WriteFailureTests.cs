using Xunit;
using System.Diagnostics;
using EventFold.Orleans.Aggregates;
using EventFold.Orleans.Commands;
using EventFold.Orleans.Tests.Domain;
using EventFold.Orleans.Tests.Support;

namespace EventFold.Orleans.Tests.Aggregates;

/// <summary>A write that cannot happen gives the caller a typed error quickly and leaves the grain matching the disk.</summary>
public sealed class WriteFailureTests : SiloTest
{

    [Fact]
    public async Task An_unwritable_stream_directory_fails_the_command_and_the_next_command_recovers()
    {
        // A file where the stream's directory must go: creating the log fails with an I/O error, even for root.
        var directory = Cluster.Directory("account", "blocked");
        Directory.CreateDirectory(Path.GetDirectoryName(directory)!);
        await File.WriteAllTextAsync(directory, "in the way");
        var account = Cluster.Client.GetGrain<IAccountAggregate>("blocked");

        var watch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<AggregateWriteException>(() => account.Execute(new OpenAccount("bea"), CommandContext.None));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
        Assert.Equal(("account", "blocked", 0L), (error.AggregateType, error.AggregateId, error.Version));
        Assert.Equal(0, (await account.GetVersionedState()).Version);

        File.Delete(directory);
        var retried = await account.Execute(new OpenAccount("bea"), CommandContext.None);
        Assert.Equal(1, retried.Version);
        Assert.Single(Cluster.ReadAll("account", "blocked"));
    }

    [Fact]
    public async Task A_stream_locked_by_another_process_fails_fast_with_a_typed_error()
    {
        var account = Cluster.Client.GetGrain<IAccountAggregate>("locked");
        await account.Execute(new OpenAccount("lou"), CommandContext.None);
        await Cluster.DeactivateAsync(account); // releases the writer lock
        var log = Path.Combine(Cluster.Directory("account", "locked"), "app.jsonl");

        using var holder = await ChildLockHolder.StartAsync(log);
        var watch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<AggregateWriteException>(() => account.Execute(new Deposit(1), CommandContext.None));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
        Assert.Equal("EventFold.WriterLockedException", error.CauseType);
        Assert.Contains("lock", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, (await account.GetVersionedState()).Version);

        holder.Dispose();
        Assert.Equal(2, (await account.Execute(new Deposit(1), CommandContext.None)).Version);
        Assert.Equal(2, Cluster.ReadAll("account", "locked").Count);
    }
}
