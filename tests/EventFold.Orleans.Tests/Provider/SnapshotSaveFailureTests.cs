using EventFold.Orleans.Commands;
using EventFold.Orleans.Tests.Hosting;
using EventFold.Orleans.Tests.Support;
using Xunit;

namespace EventFold.Orleans.Tests.Provider;

/// <summary>
/// A snapshot save runs after the command's events are on disk: whatever it throws must neither fail nor hang the
/// command, the writer (descriptor and flock) is released at deactivation in every case, and a failed save leaves no
/// <c>.tmp</c> file behind (on a full disk it would hold space the next append needs).
/// </summary>
public sealed class SnapshotSaveFailureTests : IDisposable
{
    /// <summary>Only a guard against a hang; the commands take milliseconds.</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(20);

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_state_that_cannot_be_serialized_does_not_hang_the_command_that_triggers_a_snapshot()
    {
        await using var cluster = await TestSilo.StartAsync(_dir.Path, o => o.SnapshotEveryEvents = 1, CheckedProvider.ServeUnchecked);
        var grain = cluster.Client.GetGrain<ICollidingAggregate>("every-event");

        var first = await grain.Execute(new CollidingCommand(), CommandContext.None).WaitAsync(HangGuard);
        var second = await grain.Execute(new CollidingCommand(), CommandContext.None).WaitAsync(HangGuard);

        Assert.Equal((1, 2), (first.Version, second.Version));
        Assert.Equal(2, (await grain.GetState()).Count);
        var directory = cluster.Directory("colliding", "every-event");
        Assert.Equal(2, StreamFiles.ReadAll(directory).Count);
        await cluster.DeactivateAsync(grain); // waits for the snapshot saves, which run after the acknowledgement
        Assert.False(File.Exists(Path.Combine(directory, "views", "state.snapshot.json.tmp")));
    }

    [Fact]
    public async Task A_snapshot_save_that_throws_at_deactivation_still_releases_the_stream_lock()
    {
        await using var cluster = await TestSilo.StartAsync(_dir.Path, o => o.SnapshotEveryEvents = 0, CheckedProvider.ServeUnchecked);
        var grain = cluster.Client.GetGrain<ICollidingAggregate>("on-deactivation");
        await grain.Execute(new CollidingCommand(), CommandContext.None).WaitAsync(HangGuard);

        await cluster.DeactivateAsync(grain);

        var log = Path.Combine(cluster.Directory("colliding", "on-deactivation"), "app.jsonl");
        using var _ = await ChildLockHolder.StartWithinAsync(log, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_snapshot_save_that_fails_after_writing_its_tmp_file_removes_it_and_a_stale_one_is_removed_at_load()
    {
        await using var cluster = await TestSilo.StartAsync(_dir.Path, o => o.SnapshotEveryEvents = 1, CheckedProvider.ServeUnchecked);
        var account = cluster.Client.GetGrain<Domain.IAccountAggregate>("tmp-left");
        var views = Path.Combine(cluster.Directory("account", "tmp-left"), "views");
        await account.Execute(new Domain.OpenAccount("t"), CommandContext.None);
        // Snapshots are saved after the acknowledgement, off the grain turn; deactivation waits for them.
        await cluster.DeactivateAsync(account);
        File.Delete(Path.Combine(views, "state.snapshot.json"));
        // The rename over the snapshot fails: a non-empty directory is in its place.
        Directory.CreateDirectory(Path.Combine(views, "state.snapshot.json", "blocker"));

        var deposit = await account.Execute(new Domain.Deposit(3), CommandContext.None);
        await cluster.DeactivateAsync(account);

        Assert.Equal(2, deposit.Version);
        Assert.False(File.Exists(Path.Combine(views, "state.snapshot.json.tmp")));

        Directory.Delete(Path.Combine(views, "state.snapshot.json"), recursive: true);
        await File.WriteAllTextAsync(Path.Combine(views, "state.snapshot.json.tmp"), "{\"state\": {\"version\": 1");
        Assert.Equal(2, (await account.GetVersionedState()).Version);
        Assert.False(File.Exists(Path.Combine(views, "state.snapshot.json.tmp")));
    }
}
