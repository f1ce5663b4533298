using EventFold.Orleans.Tests.Support;
using EventFold.Orleans.Store;
using Xunit;

namespace EventFold.Orleans.Tests.Store;

/// <summary>
/// Shared mode. Two registries in one process stand in for two processes: each append opens its own
/// handle, and flock locks conflict between handles exactly as between processes.
/// </summary>
public sealed class StreamRegistrySharedTests : IDisposable
{
    private readonly StoreTempDirectory _temp = new();
    private readonly FixedTimeProvider _time = new(DateTimeOffset.FromUnixTimeSeconds(1764140000));

    public void Dispose() => _temp.Dispose();

    private StorePaths Paths => new(_temp.Path);

    private Task<StreamRegistry> Open(bool shared = true, TimeSpan? lockTimeout = null) =>
        StreamRegistry.OpenAsync(Paths, shared, _time, lockTimeout ?? StreamRegistry.DefaultLockTimeout, CancellationToken.None);

    [Fact]
    public async Task A_stream_registered_by_another_process_is_not_written_again()
    {
        using var first = await Open();
        using var second = await Open();
        Assert.True(first.IsShared);

        Assert.True(await first.EnsureRegisteredAsync("order", "a", CancellationToken.None));
        Assert.False(second.IsRegistered("order", "a"));
        Assert.False(await second.EnsureRegisteredAsync("order", "a", CancellationToken.None));

        Assert.Single(File.ReadAllLines(Paths.RegistryPath));
        Assert.True(second.IsRegistered("order", "a"));
    }

    [Fact]
    public async Task Refresh_picks_up_streams_other_processes_registered()
    {
        using var first = await Open();
        using var second = await Open();
        await first.EnsureRegisteredAsync("order", "a", CancellationToken.None);
        await first.EnsureRegisteredAsync("invoice", "i", CancellationToken.None);

        Assert.Empty(second.ListAggregateTypes());
        await second.RefreshAsync(CancellationToken.None);

        Assert.Equal(["a"], second.ListIds("order"));
        Assert.Equal(["order", "invoice"], second.ListAggregateTypes());
    }

    [Fact]
    public async Task Concurrent_writers_write_each_stream_once()
    {
        var registries = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Open()));
        try
        {
            var ids = Enumerable.Range(0, 40).Select(i => $"id-{i}").ToArray();
            var results = await Task.WhenAll(registries.SelectMany(r => ids.Select(id =>
                Task.Run(() => r.EnsureRegisteredAsync("order", id, CancellationToken.None)))));

            Assert.Equal(ids.Length, results.Count(x => x));
            var lines = File.ReadAllLines(Paths.RegistryPath);
            Assert.Equal(ids.Length, lines.Length);
            foreach (var registry in registries)
            {
                await registry.RefreshAsync(CancellationToken.None);
                Assert.Equal(ids.Order(), registry.ListIds("order").Order());
                Assert.Equal(registries[0].ListIds("order"), registry.ListIds("order"));
            }
        }
        finally
        {
            foreach (var registry in registries)
            {
                registry.Dispose();
            }
        }
    }

    [Fact]
    public async Task Line_appended_by_another_process_is_read_before_writing()
    {
        Assert.True(ChildLockHolder.IsAvailable, "this test needs /usr/bin/flock (util-linux)");
        using var registry = await Open();
        await registry.EnsureRegisteredAsync("order", "mine", CancellationToken.None);

        await ChildLockHolder.AppendLockedAsync(
            Paths.RegistryPath, "{\"type\":\"stream_created\",\"data\":{\"aggregate_type\":\"order\",\"id\":\"theirs\"},\"ts\":7}");

        Assert.False(await registry.EnsureRegisteredAsync("order", "theirs", CancellationToken.None));
        Assert.True(await registry.EnsureRegisteredAsync("order", "next", CancellationToken.None));
        Assert.Equal(["mine", "theirs", "next"], registry.ListIds("order"));
        Assert.Equal(3, File.ReadAllLines(Paths.RegistryPath).Length);
    }

    [Fact]
    public async Task Lock_held_too_long_gives_a_typed_timeout()
    {
        using var registry = await Open(lockTimeout: TimeSpan.FromMilliseconds(300));
        using (new FileStream(Paths.RegistryPath, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            var e = await Assert.ThrowsAsync<RegistryLockTimeoutException>(
                () => registry.EnsureRegisteredAsync("order", "a", CancellationToken.None));
            Assert.Equal(Paths.RegistryPath, e.Path);
            Assert.True(e.Waited >= TimeSpan.FromMilliseconds(300));
            Assert.Contains(Paths.RegistryPath, e.Message);
        }

        Assert.True(await registry.EnsureRegisteredAsync("order", "a", CancellationToken.None));
    }

    [Fact]
    public async Task Lock_released_within_the_timeout_lets_the_append_through()
    {
        using var registry = await Open(lockTimeout: TimeSpan.FromSeconds(20));
        var holder = new FileStream(Paths.RegistryPath, FileMode.Open, FileAccess.ReadWrite, FileShare.None);

        var append = registry.EnsureRegisteredAsync("order", "a", CancellationToken.None);
        await Task.Delay(200);
        Assert.False(append.IsCompleted);
        await holder.DisposeAsync();

        Assert.True(await append);
        Assert.Single(File.ReadAllLines(Paths.RegistryPath));
    }

    [Fact]
    public async Task Lock_held_by_another_process_gives_a_typed_timeout()
    {
        Assert.True(ChildLockHolder.IsAvailable, "this test needs /usr/bin/flock (util-linux)");
        using var registry = await Open(lockTimeout: TimeSpan.FromMilliseconds(300));

        using (await ChildLockHolder.StartAsync(Paths.RegistryPath))
        {
            await Assert.ThrowsAsync<RegistryLockTimeoutException>(
                () => registry.EnsureRegisteredAsync("order", "a", CancellationToken.None));
            Assert.False(registry.IsRegistered("order", "a"));
        }

        Assert.True(await registry.EnsureRegisteredAsync("order", "a", CancellationToken.None));
    }

    [Fact]
    public async Task Shared_writer_is_kept_out_while_an_unshared_registry_has_the_file_open()
    {
        using var owner = await Open(shared: false);
        // Loading already needs the exclusive lock, which the open registry's shared lock keeps out.
        await Assert.ThrowsAsync<RegistryLockTimeoutException>(() => Open(shared: true, lockTimeout: TimeSpan.FromMilliseconds(200)));

        Assert.True(await owner.EnsureRegisteredAsync("order", "a", CancellationToken.None));
    }

    [Fact]
    public async Task Cancellation_stops_waiting_for_the_lock()
    {
        using var registry = await Open();
        using var holder = new FileStream(Paths.RegistryPath, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => registry.EnsureRegisteredAsync("order", "a", cts.Token));
    }
}
