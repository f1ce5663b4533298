using Xunit;
using EventFold.Orleans.Aggregates;
using EventFold.Orleans.Commands;
using EventFold.Orleans.Tests.Domain;
using EventFold.Orleans.Tests.Support;

namespace EventFold.Orleans.Tests.Aggregates;

/// <summary>Deactivation, eviction, snapshots, rotation and silo restarts: the state always comes back from disk.</summary>
public sealed class LifecycleTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_silo_restart_keeps_every_stream()
    {
        await using (var cluster = await TestSilo.StartAsync(_dir.Path))
        {
            for (var i = 0; i < 5; i++)
            {
                var account = cluster.Client.GetGrain<IAccountAggregate>($"r-{i}");
                await account.Execute(new OpenAccount($"o-{i}"), CommandContext.None);
                await account.Execute(new DepositMany([i, i + 1]), CommandContext.None);
            }
        }

        await using (var cluster = await TestSilo.StartAsync(_dir.Path))
        {
            Assert.Equal(["r-0", "r-1", "r-2", "r-3", "r-4"], cluster.Store().ListIds("account"));
            for (var i = 0; i < 5; i++)
            {
                var state = await cluster.Client.GetGrain<IAccountAggregate>($"r-{i}").GetVersionedState();
                Assert.Equal(3, state.Version);
                Assert.Equal(2 * i + 1, state.State.Balance);
            }

            var next = await cluster.Client.GetGrain<IAccountAggregate>("r-0").Execute(new Deposit(1), CommandContext.None);
            Assert.Equal(4, next.Version);
        }
    }

    [Fact]
    public async Task A_repeated_command_id_returns_the_original_result_across_deactivation_and_restart()
    {
        var context = new CommandContext { CommandId = "pay-1" };
        CommandResult<AccountEvent> original;
        await using (var cluster = await TestSilo.StartAsync(_dir.Path))
        {
            var account = cluster.Client.GetGrain<IAccountAggregate>("idem");
            await account.Execute(new OpenAccount("ida"), CommandContext.None);
            original = await account.Execute(new DepositMany([3, 4]), context);
            await account.Execute(new Deposit(100), CommandContext.None);

            var again = await account.Execute(new DepositMany([3, 4]), context);
            AssertDuplicateOf(original, again);

            await cluster.DeactivateAsync(account);
            AssertDuplicateOf(original, await account.Execute(new DepositMany([3, 4]), context));
        }

        await using (var cluster = await TestSilo.StartAsync(_dir.Path))
        {
            var account = cluster.Client.GetGrain<IAccountAggregate>("idem");
            AssertDuplicateOf(original, await account.Execute(new DepositMany([3, 4]), context));
            Assert.Equal(4, cluster.ReadAll("account", "idem").Count);
            Assert.Equal(107, (await account.GetState()).Balance);
        }
    }

    private static void AssertDuplicateOf(CommandResult<AccountEvent> original, CommandResult<AccountEvent> again)
    {
        Assert.True(again.WasDuplicate);
        Assert.False(original.WasDuplicate);
        Assert.Equal(original.Events, again.Events);
        Assert.Equal(original.Version, again.Version);
        Assert.Equal(original.Position, again.Position);
    }

    [Fact]
    public async Task Reactivation_loads_the_snapshot_and_folds_only_the_tail_of_100_000_events()
    {
        await using var cluster = await TestSilo.StartAsync(_dir.Path, o =>
        {
            o.Durability = Durability.Buffered;
            o.SnapshotEveryEvents = 0;
            o.MaxActiveLogBytes = 0;
        });
        var account = cluster.Client.GetGrain<IIsolatedAccount>("big");
        await account.Execute(new OpenAccount("big"), CommandContext.None);
        var amounts = Enumerable.Repeat(1L, 1000).ToArray();
        for (var i = 0; i < 100; i++)
        {
            await account.Execute(new DepositMany(amounts), CommandContext.None);
        }

        await cluster.DeactivateAsync(account);   // snapshot on deactivation
        var directory = cluster.Directory("isolated-account", "big");
        Assert.True(File.Exists(Path.Combine(directory, "views", "state.snapshot.json")));

        // A tail written after the snapshot, by another writer.
        using (var lease = await cluster.Store().OpenWriterAsync("isolated-account", "big", CancellationToken.None))
        {
            lease.Use(w => w.AppendBatch([.. Enumerable.Range(0, 5).Select(_ => new Event("deposited", "{\"amount\":2}"u8.ToArray(), 1))]));
        }

        using var replayed = new EventCounter("eventfold.events.replayed", "isolated-account");
        var state = await account.GetVersionedState();

        Assert.Equal(100_006, state.Version);
        Assert.Equal(100_010, state.State.Balance);
        Assert.Equal(5, replayed.Total);
    }

    [Fact]
    public async Task A_missing_or_corrupt_snapshot_falls_back_to_a_full_replay()
    {
        await using var cluster = await TestSilo.StartAsync(_dir.Path, o => o.SnapshotEveryEvents = 2);
        var account = cluster.Client.GetGrain<IIsolatedAccount>("corrupt-snap");
        await account.Execute(new OpenAccount("z"), CommandContext.None);
        await account.Execute(new DepositMany([5, 6, 7]), CommandContext.None);
        await cluster.DeactivateAsync(account);
        var snapshot = Path.Combine(cluster.Directory("isolated-account", "corrupt-snap"), "views", "state.snapshot.json");
        await File.WriteAllTextAsync(snapshot, "{\"state\": {\"version\": 99");

        using var replayed = new EventCounter("eventfold.events.replayed", "isolated-account");
        var state = await account.GetVersionedState();

        Assert.Equal(4, state.Version);
        Assert.Equal(18, state.State.Balance);
        Assert.Equal(4, replayed.Total);
    }

    [Fact]
    public async Task An_idle_aggregate_is_evicted_and_comes_back_from_disk()
    {
        await using var cluster = await TestSilo.StartAsync(_dir.Path, o => o.SetIdleTimeout<ShortLivedAccountGrain>(TimeSpan.FromSeconds(2)));
        var account = cluster.Client.GetGrain<IShortLivedAccount>("sleepy");
        await account.Execute(new OpenAccount("sam"), CommandContext.None);
        await account.Execute(new Deposit(9), CommandContext.None);

        // No calls while waiting: a call would reset the idle timer.
        await cluster.WaitForDeactivationAsync(account).WaitAsync(TimeSpan.FromSeconds(30));

        using var replayed = new EventCounter("eventfold.events.replayed", "short-lived-account");
        var state = await account.GetVersionedState();
        Assert.Equal(2, state.Version);
        Assert.Equal(9, state.State.Balance);
        Assert.Equal(0, replayed.Total); // the snapshot written at deactivation covered everything
        Assert.True(File.Exists(Path.Combine(cluster.Directory("short-lived-account", "sleepy"), "views", "state.snapshot.json")));
    }

    [Fact]
    public async Task Rotation_archives_the_active_log_and_the_state_survives_it()
    {
        await using (var cluster = await TestSilo.StartAsync(_dir.Path, o => o.MaxActiveLogBytes = 1024))
        {
            var account = cluster.Client.GetGrain<IAccountAggregate>("rotating");
            await account.Execute(new OpenAccount("rita"), CommandContext.None);
            for (var i = 1; i <= 60; i++)
            {
                await account.Execute(new Deposit(i), new CommandContext { CommandId = $"dep-{i}" });
            }

            var directory = cluster.Directory("account", "rotating");
            Assert.True(new FileInfo(Path.Combine(directory, "archive.jsonl.zst")).Length > 0);
            Assert.True(new FileInfo(Path.Combine(directory, "app.jsonl")).Length < 1024 + 512);
            Assert.Equal(61, cluster.ReadAll("account", "rotating").Count);

            // The original result of an archived command is still retrievable.
            var duplicate = await account.Execute(new Deposit(1), new CommandContext { CommandId = "dep-1" });
            Assert.True(duplicate.WasDuplicate);
            Assert.Equal([new Deposited(1)], duplicate.Events);
            Assert.Equal(2, duplicate.Version);
        }

        await using (var cluster = await TestSilo.StartAsync(_dir.Path))
        {
            var state = await cluster.Client.GetGrain<IAccountAggregate>("rotating").GetVersionedState();
            Assert.Equal(61, state.Version);
            Assert.Equal(60 * 61 / 2, state.State.Balance);
        }
    }
}
