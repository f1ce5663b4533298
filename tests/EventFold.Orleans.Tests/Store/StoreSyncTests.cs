using System.Collections.Concurrent;
using EventFold.Orleans.Commands;
using EventFold.Orleans.Tests.Domain;
using EventFold.Orleans.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace EventFold.Orleans.Tests.Store;

/// <summary>
/// Flushes and directory fsyncs of the store, counted through the core's <see cref="DurableFile.Synced"/> hook (test
/// classes run one at a time, so every sync seen comes from the silo under test).
/// </summary>
public sealed class StoreSyncTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly ConcurrentQueue<string?> _syncs = new();

    private readonly ITestOutputHelper _output;

    public StoreSyncTests(ITestOutputHelper output)
    {
        _output = output;
        DurableFile.Synced += OnSynced;
    }

    public void Dispose()
    {
        DurableFile.Synced -= OnSynced;
        _dir.Dispose();
    }

    [Fact]
    public async Task A_new_stream_in_buffered_mode_syncs_nothing_and_in_durable_mode_syncs_its_entries_with_its_first_append()
    {
        int buffered, durable;
        await using (var cluster = await TestSilo.StartAsync(Path.Combine(_dir.Path, "buffered"), o => o.Durability = Durability.Buffered))
        {
            await cluster.Client.GetGrain<IAccountAggregate>("warm").Execute(new OpenAccount("w"), CommandContext.None);
            _syncs.Clear();
            var result = await cluster.Client.GetGrain<IAccountAggregate>("new-1").Execute(new OpenAccount("ann"), CommandContext.None);
            Assert.True(result.Succeeded);
            buffered = _syncs.Count;
            Assert.Contains("new-1", cluster.Store().ListIds("account"));
        }

        await using (var cluster = await TestSilo.StartAsync(Path.Combine(_dir.Path, "durable")))
        {
            await cluster.Client.GetGrain<IAccountAggregate>("warm").Execute(new OpenAccount("w"), CommandContext.None);
            _syncs.Clear();
            var result = await cluster.Client.GetGrain<IAccountAggregate>("new-1").Execute(new OpenAccount("ann"), CommandContext.None);
            Assert.True(result.Succeeded);
            durable = _syncs.Count;
            _output.WriteLine($"durable new stream: {durable} syncs: {string.Join(", ", _syncs.Select(p => p is null ? "(file)" : Path.GetRelativePath(_dir.Path, p)))}");
        }

        Assert.True(buffered == 0, $"buffered: {buffered} syncs for a new stream: {string.Join(", ", _syncs)}");
        if (OperatingSystem.IsLinux())
        {
            // Group commit on syncfs: the directories and app.jsonl are created without fsyncs and made durable by the
            // first append's syncfs of the whole file system, and so is the registry line (issue 10: one flush in all).
            Assert.Equal(1, _syncs.Count(p => p is not null && p.StartsWith("syncfs:", StringComparison.Ordinal)));
            Assert.True(durable == 1, $"durable: {durable} syncs for a new stream (expected one syncfs): {string.Join(", ", _syncs)}");
        }
        else
        {
            Assert.True(durable >= 5, $"durable: only {durable} syncs for a new stream");
        }
    }

    [Fact]
    public async Task Buffered_store_start_syncs_nothing()
    {
        await using var cluster = await TestSilo.StartAsync(_dir.Path, o => o.Durability = Durability.Buffered);
        Assert.Empty(_syncs);
    }

    [Fact]
    public async Task A_durable_writer_open_of_an_existing_stream_makes_the_directory_chain_durable_once_per_process()
    {
        await using (var cluster = await TestSilo.StartAsync(_dir.Path, o => o.Durability = Durability.Buffered))
        {
            // Written without any fsync, like a process that crashed before its directory fsyncs.
            await cluster.Client.GetGrain<IAccountAggregate>("a1").Execute(new OpenAccount("a"), CommandContext.None);
            await cluster.Client.GetGrain<IAccountAggregate>("a2").Execute(new OpenAccount("b"), CommandContext.None);
        }

        await using (var cluster = await TestSilo.StartAsync(_dir.Path))
        {
            var store = cluster.Store();
            LogDirectory.ForgetDurableDirectoriesForTesting();   // as in a new process
            _syncs.Clear();
            await cluster.Client.GetGrain<IAccountAggregate>("a1").Execute(new Deposit(1), CommandContext.None);
            string a1 = store.StreamDirectory("account", "a1");
            string type = Path.GetDirectoryName(a1)!;
            string streams = Path.GetDirectoryName(type)!;
            var syncfs = "syncfs:" + store.BaseDirectory;
            if (OperatingSystem.IsLinux())
            {
                // One syncfs of the file system covers every entry of the chain (and the appended events).
                Assert.True(_syncs.Count(p => p == syncfs) == 1, $"{syncfs} ran {_syncs.Count(p => p == syncfs)} times: {string.Join(", ", _syncs)}");
            }
            else
            {
                foreach (var directory in new[] { a1, type, streams, store.BaseDirectory })
                {
                    Assert.True(_syncs.Count(p => p == directory) == 1, $"{directory} fsynced {_syncs.Count(p => p == directory)} times: {string.Join(", ", _syncs)}");
                }
            }

            _syncs.Clear();
            await cluster.Client.GetGrain<IAccountAggregate>("a2").Execute(new Deposit(1), CommandContext.None);
            string a2 = store.StreamDirectory("account", "a2");
            if (OperatingSystem.IsLinux())
            {
                Assert.Equal(1, _syncs.Count(p => p == syncfs));
            }
            else
            {
                Assert.Equal(1, _syncs.Count(p => p == a2));
                Assert.Equal(0, _syncs.Count(p => p == type || p == streams || p == store.BaseDirectory));
            }
        }
    }

    private void OnSynced(string? path) => _syncs.Enqueue(path);
}
