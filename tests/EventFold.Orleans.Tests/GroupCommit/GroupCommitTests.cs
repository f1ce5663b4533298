using EventFold.Orleans.Aggregates;
using EventFold.Orleans.Commands;
using EventFold.Orleans.Store;
using EventFold.Orleans.Tests.Domain;
using EventFold.Orleans.Tests.Support;
using Orleans.TestingHost;
using Xunit;
using Xunit.Abstractions;

namespace EventFold.Orleans.Tests.GroupCommit;

/// <summary>
/// Group commit (issue 10): commands waiting on one aggregate share a write and a flush, flushes never run on a grain
/// turn (a thread-pool thread), and Buffered commands are acknowledged without any flush. Flushes are counted through
/// <see cref="DurableFile.Synced"/>, never timed (test classes run one at a time, so every flush seen is this silo's).
/// </summary>
public sealed class GroupCommitTests(ITestOutputHelper output) : IDisposable
{
    private const int Callers = 64;
    private readonly TempDirectory _dir = new();
    private readonly SyncRecorder _syncs = new();

    public void Dispose()
    {
        _syncs.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task Commands_waiting_on_one_aggregate_share_flushes_and_each_is_written_once()
    {
        await using var cluster = await StartAsync();
        var account = cluster.Client.GetGrain<IAccountAggregate>("hot");
        await account.Execute(new OpenAccount("ann"), CommandContext.None);
        _syncs.Clear();

        // Every command is sent twice at once: interleaved duplicates must still be recognised.
        var calls = Enumerable.Range(1, Callers).SelectMany(i => new[] { i, i }).Select(i =>
            account.Execute(new Deposit(i), new CommandContext { CommandId = $"deposit-{i}" })).ToArray();
        var results = await Task.WhenAll(calls);
        var syncs = _syncs.Count;
        output.WriteLine($"{calls.Length} calls ({Callers} commands), {syncs} flushes");

        Assert.All(results, r => Assert.True(r.Succeeded));
        for (var i = 0; i < Callers; i++)
        {
            var (first, second) = (results[2 * i], results[(2 * i) + 1]);
            Assert.Equal(first.Version, second.Version);
            Assert.True(first.WasDuplicate != second.WasDuplicate, $"deposit-{i + 1}: exactly one of the two calls is the original");
        }

        Assert.Equal(Enumerable.Range(2, Callers).Select(v => (long)v), results.Where(r => !r.WasDuplicate).Select(r => r.Version).Order());
        var state = await account.GetVersionedState();
        Assert.Equal(1 + Callers, state.Version);
        Assert.Equal(Callers * (Callers + 1) / 2, state.State.Balance);

        var commandIds = StoredCommandIds(cluster, "account", "hot");
        Assert.Equal(Enumerable.Range(1, Callers).Select(i => $"deposit-{i}").Order(), commandIds.Where(c => c is not null).Order());
        Assert.True(syncs < Callers / 2, $"{Callers} commands waiting together took {syncs} flushes; group commit shares them");
    }

    [Fact]
    public async Task Appends_never_flush_on_a_thread_pool_thread_and_another_grain_answers_under_load_with_rotations_and_snapshots()
    {
        await using var cluster = await TestSilo.StartAsync(Path.Combine(_dir.Path, "store"), o =>
        {
            o.SnapshotEveryEvents = 5;
            o.MaxActiveLogBytes = 1024;
        });
        var accounts = Enumerable.Range(0, 16).Select(i => cluster.Client.GetGrain<IAccountAggregate>($"load-{i}")).ToArray();
        await Task.WhenAll(accounts.Select(a => a.Execute(new OpenAccount("ann"), CommandContext.None)));
        var bystander = cluster.Client.GetGrain<ICounterAggregate>("bystander");
        await bystander.GetState();
        _syncs.Clear();

        using var stop = new CancellationTokenSource();
        var load = Enumerable.Range(0, Callers).Select(c => Task.Run(async () =>
        {
            var done = 0;
            for (var i = 0; !stop.IsCancellationRequested || done < 8; i++, done++)
            {
                await accounts[(c + i) % accounts.Length].Execute(new Deposit(1), CommandContext.None);
            }

            return done;
        })).ToArray();

        // Not a timing target: the bound only keeps a hang from blocking the run.
        var answered = await bystander.GetState().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(0, answered.Total);
        stop.Cancel();
        var commands = (await Task.WhenAll(load)).Sum();

        var total = 0L;
        foreach (var account in accounts)
        {
            total += (await account.GetState()).Balance;
        }

        Assert.Equal(commands, total);
        Assert.True(_syncs.Count > 0, "durable appends flushed nothing");
        Assert.True(accounts.Any(a => File.Exists(Path.Combine(cluster.Store().StreamDirectory("account", a.GetPrimaryKeyString()), "archive.jsonl.zst"))),
            "no stream rotated: the test would not check rotations; app.jsonl sizes: " + string.Join(", ",
                accounts.Select(a => new FileInfo(Path.Combine(cluster.Store().StreamDirectory("account", a.GetPrimaryKeyString()), "app.jsonl")).Length)));
        // Appends, rotations (archive, emptied app.jsonl, rotation journal) and snapshots all flush off the pool.
        var onPool = _syncs.OnThreadPool.ToList();
        Assert.True(onPool.Count == 0,
            $"{onPool.Count} of {_syncs.Count} flushes ran on thread-pool threads (grain turns): {string.Join(", ", onPool.Take(5))}");
        Assert.True(SnapshotsSaved(cluster, accounts) > 0, "no snapshot was saved: the test would not check snapshot flushes");
    }

    private static int SnapshotsSaved(InProcessTestCluster cluster, IAccountAggregate[] accounts) =>
        accounts.Count(a => Directory.Exists(Path.Combine(cluster.Store().StreamDirectory("account", a.GetPrimaryKeyString()), "views")));

    [Fact]
    public async Task A_buffered_command_is_acknowledged_without_any_flush_in_a_durable_store()
    {
        var store = Path.Combine(_dir.Path, "store");
        await using (var cluster = await StartAsync(store))
        {
            var account = cluster.Client.GetGrain<IAccountAggregate>("a");
            await account.Execute(new OpenAccount("ann"), CommandContext.None);
            _syncs.Clear();

            var buffered = await account.Execute(new Deposit(5), new CommandContext { Durability = Durability.Buffered });
            Assert.True(buffered.Succeeded);
            Assert.Equal(0, _syncs.Count);

            var durable = await account.Execute(new Deposit(7), new CommandContext { Durability = Durability.Durable });
            Assert.True(durable.Succeeded);
            Assert.True(_syncs.Count > 0, "a Durable command in the same store flushed nothing");
        }

        await using (var cluster = await StartAsync(store))
        {
            var state = await cluster.Client.GetGrain<IAccountAggregate>("a").GetVersionedState();
            Assert.Equal(3, state.Version);
            Assert.Equal(12, state.State.Balance);
        }
    }

    [Fact]
    public async Task An_aggregate_type_marked_buffered_flushes_nothing_unless_the_command_asks()
    {
        await using var cluster = await StartAsync();
        var account = cluster.Client.GetGrain<IBufferedAccount>("b");
        await account.Execute(new OpenAccount("ann"), CommandContext.None);
        _syncs.Clear();

        await account.Execute(new Deposit(1), CommandContext.None);
        Assert.Equal(0, _syncs.Count);

        await account.Execute(new Deposit(1), new CommandContext { Durability = Durability.Durable });
        Assert.True(_syncs.Count > 0, "a command asking for Durable on a Buffered aggregate type flushed nothing");
    }

    [Fact]
    public async Task A_failed_group_write_fails_every_command_in_it_and_none_of_them_is_on_disk()
    {
        await using var cluster = await StartAsync();
        var account = cluster.Client.GetGrain<IAccountAggregate>("failing");
        await account.Execute(new OpenAccount("ann"), CommandContext.None);

        // The aggregate's writer is shared through the pool: make its next write fail after the bytes are written.
        var writes = 0;
        using (var lease = cluster.Store().Writers.Acquire(cluster.Store().StreamDirectory("account", "failing")))
        {
            lease.Writer.AfterWriteForTesting = _ =>
            {
                if (Interlocked.Increment(ref writes) == 1)
                {
                    throw new IOException("injected write failure");
                }
            };

            var calls = Enumerable.Range(1, 32).Select(i => Outcome(account.Execute(new Deposit(i), new CommandContext { CommandId = $"dep-{i}" }))).ToArray();
            var outcomes = await Task.WhenAll(calls);
            var failed = outcomes.Select((o, i) => (o, Id: $"dep-{i + 1}")).Where(x => x.o is not null).ToList();
            output.WriteLine($"{failed.Count} of 32 commands failed with the first group");

            Assert.NotEmpty(failed);
            Assert.All(failed, f => Assert.IsType<AggregateWriteException>(f.o));
            var stored = StoredCommandIds(cluster, "account", "failing");
            Assert.All(failed, f => Assert.DoesNotContain(f.Id, stored));
            var succeeded = Enumerable.Range(1, 32).Select(i => $"dep-{i}").Except(failed.Select(f => f.Id)).ToList();
            Assert.Equal(succeeded.Order(), stored.Where(c => c is not null && c.StartsWith("dep-", StringComparison.Ordinal)).Order());
            var state = await account.GetVersionedState();
            Assert.Equal(1 + succeeded.Count, state.Version);
        }
    }

    private static async Task<Exception?> Outcome(Task task)
    {
        try
        {
            await task;
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    [Fact]
    public async Task A_store_whose_appends_come_far_apart_never_spins_its_committer()
    {
        await using var cluster = await StartAsync();
        var account = cluster.Client.GetGrain<IAccountAggregate>("sparse");
        await account.Execute(new OpenAccount("ann"), CommandContext.None);
        var committer = cluster.Store().Committer;
        var roundsBefore = committer.Rounds;

        // Each append comes long after the last round ended: the committer must sleep between them, not spin
        // (an idle or sparse store costs no CPU).
        for (var i = 1; i <= 5; i++)
        {
            await Task.Delay(committer.SpinBeforeSleep * 20);
            await account.Execute(new Deposit(i), CommandContext.None);
        }

        Assert.Equal(TimeSpan.FromMicroseconds(300), committer.SpinBeforeSleep);
        Assert.Equal(5, committer.Rounds - roundsBefore);
        Assert.Equal(0, committer.Spins);
    }

    [Fact]
    public async Task With_GroupCommitSpin_zero_the_committer_never_spins_even_for_back_to_back_commands()
    {
        await using var cluster = await TestSilo.StartAsync(Path.Combine(_dir.Path, "store"), o => o.GroupCommitSpin = TimeSpan.Zero);
        var account = cluster.Client.GetGrain<IAccountAggregate>("eager");
        await account.Execute(new OpenAccount("ann"), CommandContext.None);

        for (var i = 1; i <= 50; i++)
        {
            await account.Execute(new Deposit(i), CommandContext.None);
        }

        Assert.Equal(TimeSpan.Zero, cluster.Store().Committer.SpinBeforeSleep);
        Assert.Equal(0, cluster.Store().Committer.Spins);
        Assert.Equal(50 * 51 / 2, (await account.GetState()).Balance);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(11_000)]
    public async Task A_GroupCommitSpin_outside_0_to_10_ms_stops_the_silo_with_a_message_naming_the_option(int microseconds)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() =>
            TestSilo.StartAsync(Path.Combine(_dir.Path, "store"), o => o.GroupCommitSpin = TimeSpan.FromMicroseconds(microseconds)));

        var validation = Hosting.ExceptionChain.Find<Microsoft.Extensions.Options.OptionsValidationException>(error);
        Assert.NotNull(validation);
        Assert.Contains("GroupCommitSpin", validation!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_durability_that_is_not_a_value_of_the_enum_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new CommandContext { Durability = (Durability)7 }.Validate());
        Assert.Contains("Durability", error.Message);
    }

    private Task<InProcessTestCluster> StartAsync(string? store = null) =>
        TestSilo.StartAsync(store ?? Path.Combine(_dir.Path, "store"), o =>
        {
            o.SnapshotEveryEvents = 0;
            o.SnapshotOnDeactivation = false;
            o.MaxActiveLogBytes = 0;
        });

    private static List<string?> StoredCommandIds(InProcessTestCluster cluster, string type, string id)
    {
        var reader = new EventReader(cluster.Store().StreamDirectory(type, id));
        return [.. reader.ReadFull().Select(r => r.Event.MetaElement() is { } meta && meta.TryGetProperty("command_id", out var c) ? c.GetString() : null)];
    }
}
