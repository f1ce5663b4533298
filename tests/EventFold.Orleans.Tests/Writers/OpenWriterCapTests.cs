using System.Globalization;
using EventFold.Orleans.Commands;
using EventFold.Orleans.Hosting;
using EventFold.Orleans.Tests.Domain;
using EventFold.Orleans.Tests.GroupCommit;
using EventFold.Orleans.Tests.Hosting;
using EventFold.Orleans.Tests.Support;
using Microsoft.Extensions.Options;
using Orleans.TestingHost;
using Xunit;
using Xunit.Abstractions;

namespace EventFold.Orleans.Tests.Writers;

/// <summary>
/// <c>EventFoldOptions.MaxOpenWriters</c>: many active aggregates never hold more than the cap of open <c>app.jsonl</c>
/// writers (counted by the pool and in <c>/proc/self/fd</c>); writers closed by the pool reopen transparently, every
/// command lands once at the right version, and a durable acknowledgement still means flushed.
/// </summary>
public sealed class OpenWriterCapTests(ITestOutputHelper output) : IDisposable
{
    private const int Cap = 8;
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(Durability.Durable)]
    [InlineData(Durability.Buffered)]
    public async Task Commands_to_100_aggregates_land_once_each_while_no_more_than_8_writers_are_ever_open(Durability durability)
    {
        const int Aggregates = 100, Rounds = 3;
        var store = Path.Combine(_dir.Path, "store");
        // Rotation at 400 bytes: reopened writers also rotate (a rotation pins the writer like an append).
        await using var cluster = await StartAsync(store, o =>
        {
            o.MaxActiveLogBytes = 400;
            o.Durability = durability;
        });
        var accounts = Enumerable.Range(0, Aggregates).Select(i => cluster.Client.GetGrain<IAccountAggregate>(Id(i))).ToArray();
        var mostOpenSeen = 0;

        // Interleaved: each round visits every aggregate once, so each writer is the least recently used when it is next needed.
        for (var round = 0; round < Rounds; round++)
        {
            for (var i = 0; i < Aggregates; i++)
            {
                var result = round == 0
                    ? await accounts[i].Execute(new OpenAccount("ann"), new CommandContext { CommandId = CommandId(i, round) })
                    : await accounts[i].Execute(new Deposit(round), new CommandContext { CommandId = CommandId(i, round) });
                Assert.True(result.Succeeded, $"{Id(i)} round {round}: {result.Error}");
                Assert.False(result.WasDuplicate);
                Assert.Equal(round + 1, result.Version);
                mostOpenSeen = Math.Max(mostOpenSeen, OpenLogWriters.Count(store));
            }
        }

        var pool = cluster.Store().Writers;
        output.WriteLine($"peak open in the pool {pool.PeakOpen}, most seen in /proc {mostOpenSeen}, reopens {pool.Reopens}");
        Assert.True(pool.PeakOpen <= Cap, $"the pool had {pool.PeakOpen} writers open at once; the cap is {Cap}");
        Assert.True(mostOpenSeen <= Cap, OpenLogWriters.Describe(mostOpenSeen, Cap));
        Assert.True(pool.Reopens >= (Rounds - 1) * (Aggregates - Cap), $"only {pool.Reopens} reopens: the writers were not closed and reopened");

        for (var i = 0; i < Aggregates; i++)
        {
            var stored = StoredCommandIds(cluster, Id(i));
            Assert.Equal(Enumerable.Range(0, Rounds).Select(r => CommandId(i, r)), stored);
            var state = await accounts[i].GetVersionedState();
            Assert.Equal(Rounds, state.Version);
            Assert.Equal(Enumerable.Range(1, Rounds - 1).Sum(), state.State.Balance);
        }

        Assert.True(Enumerable.Range(0, Aggregates).Any(i => File.Exists(Path.Combine(cluster.Directory("account", Id(i)), "archive.jsonl.zst"))),
            "no stream rotated: the test would not check rotations on reopened writers");
    }

    [Fact]
    public async Task Sixty_four_callers_on_aggregates_whose_writers_are_being_closed_and_reopened_stay_correct()
    {
        const int Aggregates = 32, Callers = 64, PerCaller = 12;
        var store = Path.Combine(_dir.Path, "store");
        await using var cluster = await StartAsync(store);
        var accounts = Enumerable.Range(0, Aggregates).Select(i => cluster.Client.GetGrain<IAccountAggregate>(Id(i))).ToArray();
        await Task.WhenAll(accounts.Select(a => a.Execute(new OpenAccount("ann"), CommandContext.None)));

        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            var most = 0;
            while (!sampling.IsCancellationRequested)
            {
                most = Math.Max(most, OpenLogWriters.Count(store));
                await Task.Delay(1);
            }

            return most;
        });

        // Each caller walks the aggregates in its own order, so several callers hit one aggregate at once while its
        // writer competes with 31 others for 8 places.
        var calls = Enumerable.Range(0, Callers).Select(c => Task.Run(async () =>
        {
            var sent = new List<(int Aggregate, string CommandId, long Amount)>();
            for (var n = 0; n < PerCaller; n++)
            {
                var a = ((c * 7) + (n * 5)) % Aggregates;
                var id = string.Create(CultureInfo.InvariantCulture, $"c{c}-{n}");
                var result = await accounts[a].Execute(new Deposit(c + 1), new CommandContext { CommandId = id });
                Assert.True(result.Succeeded, $"{id} on {Id(a)}: {result.Error}");
                Assert.False(result.WasDuplicate);
                sent.Add((a, id, c + 1));
            }

            return sent;
        })).ToArray();
        var all = (await Task.WhenAll(calls)).SelectMany(s => s).ToList();
        await sampling.CancelAsync();
        var mostOpenSeen = await sampler;

        var pool = cluster.Store().Writers;
        output.WriteLine($"{all.Count} commands; peak open in the pool {pool.PeakOpen}, most seen in /proc {mostOpenSeen}, reopens {pool.Reopens}, open now {pool.OpenCount}");
        // Writers with an append in flight are never closed, so the pool may pass the cap while appends are in flight
        // (the peak is printed above); once they have finished, the excess is closed.
        Assert.True(mostOpenSeen <= pool.PeakOpen, $"{OpenLogWriters.Describe(mostOpenSeen, Cap)}, more than the pool ever counted ({pool.PeakOpen})");
        Assert.True(pool.OpenCount <= Cap, $"{pool.OpenCount} writers stay open after the load; the cap is {Cap}");
        var openNow = OpenLogWriters.Count(store);
        Assert.True(openNow <= Cap, OpenLogWriters.Describe(openNow, Cap));
        Assert.True(pool.Reopens > 0, "no writer was closed and reopened: the test would not check eviction under load");

        for (var a = 0; a < Aggregates; a++)
        {
            var mine = all.Where(s => s.Aggregate == a).ToList();
            var stored = StoredCommandIds(cluster, Id(a)).Skip(1).ToList();
            Assert.Equal(mine.Select(s => s.CommandId).Order(StringComparer.Ordinal), stored.Order(StringComparer.Ordinal));
            Assert.Equal(stored.Count, stored.Distinct(StringComparer.Ordinal).Count());
            var state = await accounts[a].GetVersionedState();
            Assert.Equal(1 + mine.Count, state.Version);
            Assert.Equal(mine.Sum(s => s.Amount), state.State.Balance);
        }
    }

    [Fact]
    public async Task A_durable_command_on_a_reopened_writer_is_acknowledged_only_after_its_flush()
    {
        var store = Path.Combine(_dir.Path, "store");
        using var syncs = new SyncRecorder();
        await using var cluster = await StartAsync(store, o => o.MaxOpenWriters = 2);
        var accounts = Enumerable.Range(0, 6).Select(i => cluster.Client.GetGrain<IAccountAggregate>(Id(i))).ToArray();
        foreach (var account in accounts)
        {
            await account.Execute(new OpenAccount("ann"), CommandContext.None);
        }

        // The first aggregate's writer was closed to make room: its next durable command reopens it.
        var pool = cluster.Store().Writers;
        var reopensBefore = pool.Reopens;
        syncs.Clear();
        var result = await accounts[0].Execute(new Deposit(5), new CommandContext { Durability = Durability.Durable });

        Assert.True(result.Succeeded);
        Assert.Equal(reopensBefore + 1, pool.Reopens);
        var log = Path.Combine(cluster.Directory("account", Id(0)), "app.jsonl");
        Assert.True(syncs.Paths.Any(p => p == log || (p is not null && p.StartsWith("syncfs:", StringComparison.Ordinal))),
            $"the acknowledged command flushed neither {log} nor the file system; flushes: {string.Join(", ", syncs.Paths)}");
        Assert.Equal(5, (await accounts[0].GetState()).Balance);
        Assert.Equal(2, StoredCommandIds(cluster, Id(0)).Count);
    }

    [Fact]
    public async Task A_cap_below_one_stops_the_silo_with_a_message_naming_the_option()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => StartAsync(Path.Combine(_dir.Path, "store"), o => o.MaxOpenWriters = 0));

        var validation = ExceptionChain.Find<OptionsValidationException>(error);
        Assert.NotNull(validation);
        Assert.Contains("MaxOpenWriters", validation!.Message);
    }

    private static Task<InProcessTestCluster> StartAsync(string store, Action<EventFoldOptions>? configure = null) =>
        TestSilo.StartAsync(store, o =>
        {
            o.MaxOpenWriters = Cap;
            o.SnapshotEveryEvents = 0;
            o.SnapshotOnDeactivation = false;
            o.MaxActiveLogBytes = 0;
            configure?.Invoke(o);
        });

    private static string Id(int i) => string.Create(CultureInfo.InvariantCulture, $"acct-{i:D3}");

    private static string CommandId(int aggregate, int round) => string.Create(CultureInfo.InvariantCulture, $"{Id(aggregate)}-r{round}");

    private static List<string?> StoredCommandIds(InProcessTestCluster cluster, string id) =>
        [.. cluster.ReadAll("account", id).Select(e => e.MetaElement() is { } meta && meta.TryGetProperty("command_id", out var c) ? c.GetString() : null)];
}
