using Xunit;
using System.Collections.Concurrent;
using EventFold.Orleans.Commands;
using EventFold.Orleans.Hosting;
using EventFold.Orleans.Tests.Domain;
using EventFold.Orleans.Tests.Support;

namespace EventFold.Orleans.Tests.Aggregates;

public sealed class ConcurrencyTests : SiloTest
{
    protected override void Configure(EventFoldOptions options) => options.Durability = Durability.Buffered;

    [Fact]
    public async Task Many_concurrent_callers_on_one_aggregate_get_dense_versions()
    {
        var account = Cluster.Client.GetGrain<IAccountAggregate>("hot");
        await account.Execute(new OpenAccount("hot"), CommandContext.None);

        var results = await Task.WhenAll(Enumerable.Range(1, 200).Select(i => account.Execute(new Deposit(i), CommandContext.None)));

        Assert.All(results, r => Assert.True(r.Succeeded));
        Assert.Equal(Enumerable.Range(2, 200).Select(v => (long)v), results.Select(r => r.Version).Order());
        var events = Cluster.ReadAll("account", "hot");
        Assert.Equal(201, events.Count);
        var amounts = events.Skip(1).Select(e => e.DataAs<Deposited>(new(System.Text.Json.JsonSerializerDefaults.Web))!.Amount).Order();
        Assert.Equal(Enumerable.Range(1, 200).Select(i => (long)i), amounts);
        Assert.Equal(200 * 201 / 2, (await account.GetState()).Balance);
    }

    [Fact]
    public async Task Concurrent_callers_across_1000_aggregates_lose_and_duplicate_nothing()
    {
        const int aggregates = 1000;
        var acknowledged = new ConcurrentDictionary<string, ConcurrentBag<long>>();
        var work = new ConcurrentQueue<(string Id, AccountCommand Command)>();
        for (var i = 0; i < aggregates; i++)
        {
            work.Enqueue(($"acc-{i}", new OpenAccount($"owner-{i}")));
        }

        for (var round = 0; round < 2; round++)
        {
            for (var i = 0; i < aggregates; i++)
            {
                work.Enqueue(($"acc-{i}", new Deposit(round + 1)));
            }
        }

        // 64 callers pull commands; an open must land before its deposits, so deposits wait for their open.
        var opened = new ConcurrentDictionary<string, TaskCompletionSource>();
        TaskCompletionSource Gate(string id) => opened.GetOrAdd(id, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        await Task.WhenAll(Enumerable.Range(0, 64).Select(async _ =>
        {
            while (work.TryDequeue(out var item))
            {
                if (item.Command is not OpenAccount)
                {
                    await Gate(item.Id).Task;
                }

                var result = await Cluster.Client.GetGrain<IAccountAggregate>(item.Id).Execute(item.Command, CommandContext.None);
                Assert.True(result.Succeeded, result.Error?.Message);
                acknowledged.GetOrAdd(item.Id, _ => []).Add(result.Version);
                if (item.Command is OpenAccount)
                {
                    Gate(item.Id).SetResult();
                }
            }
        }));

        for (var i = 0; i < aggregates; i++)
        {
            var id = $"acc-{i}";
            Assert.Equal([1L, 2L, 3L], acknowledged[id].Order());
            var events = Cluster.ReadAll("account", id);
            Assert.Equal(["account-opened", "deposited", "deposited"], events.Select(e => e.Type));
        }

        Assert.Equal(aggregates, Cluster.Store().ListIds("account").Count(id => id.StartsWith("acc-", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task An_outside_append_makes_the_grain_catch_up_and_decide_again()
    {
        var account = Cluster.Client.GetGrain<IAccountAggregate>("contended");
        await account.Execute(new OpenAccount("carl"), CommandContext.None);
        await account.Execute(new Deposit(10), CommandContext.None);
        using var conflicts = new EventCounter("eventfold.append.conflicts", "account");

        // Another writer (same process, same writer lock) appends behind the grain's back.
        using (var lease = await Cluster.Store().OpenWriterAsync("account", "contended", CancellationToken.None))
        {
            lease.Use(w => w.Append(new Event("withdrawn", "{\"amount\":7}"u8.ToArray(), 1)));
        }

        // The grain still believes the balance is 10: withdrawing 5 is decided, conflicts, is re-decided on 3 and rejected.
        var result = await account.Execute(new Withdraw(5), CommandContext.None);

        Assert.Equal(1, conflicts.Total);
        var error = Assert.IsType<InsufficientFunds>(result.Error);
        Assert.Equal(3, error.Balance);
        Assert.Equal(3, result.Version);

        var next = await account.Execute(new Withdraw(2), CommandContext.None);
        Assert.Equal(4, next.Version);
        Assert.Equal(1, (await account.GetState()).Balance);
        Assert.Equal(4, Cluster.ReadAll("account", "contended").Count);
    }
}
