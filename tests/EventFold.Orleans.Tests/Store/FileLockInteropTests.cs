using EventFold.Orleans.Store;
using EventFold.Orleans.Tests.Support;
using Xunit;

namespace EventFold.Orleans.Tests.Store;

/// <summary>
/// The store's locks are the core's <see cref="FileLock"/>: a lock taken with the core primitive keeps the store out
/// and the store's locks keep it out. Two handles in one process stand in for two processes.
/// </summary>
public sealed class FileLockInteropTests : IDisposable
{
    private readonly StoreTempDirectory _temp = new();
    private readonly FixedTimeProvider _time = new(DateTimeOffset.FromUnixTimeSeconds(1764140000));

    public void Dispose() => _temp.Dispose();

    private StorePaths Paths => new(_temp.Path);

    [Fact]
    public void Core_exclusive_lock_on_the_store_lock_keeps_the_store_out_in_both_modes()
    {
        Directory.CreateDirectory(Paths.MetaDirectory);
        using (FileLock.Open(Paths.StoreLockPath, FileAccess.ReadWrite, FileLockKind.Exclusive, bestEffort: false))
        {
            Assert.Throws<StoreLockedException>(() => StoreDirectoryLock.Acquire(Paths));
            Assert.Throws<StoreLockedException>(() => StoreDirectoryLock.Acquire(Paths, shared: true));
        }

        using var store = StoreDirectoryLock.Acquire(Paths);
        Assert.False(store.IsShared);
    }

    [Fact]
    public void Store_locks_keep_the_core_primitive_out_as_their_kind_says()
    {
        using (StoreDirectoryLock.Acquire(Paths))
        {
            AssertConflict(() => FileLock.Open(Paths.StoreLockPath, FileAccess.Read, FileLockKind.Shared, bestEffort: false));
        }

        using (StoreDirectoryLock.Acquire(Paths, shared: true))
        {
            AssertConflict(() => FileLock.Open(Paths.StoreLockPath, FileAccess.ReadWrite, FileLockKind.Exclusive, bestEffort: false));
            FileLock.Open(Paths.StoreLockPath, FileAccess.Read, FileLockKind.Shared, bestEffort: false).Dispose();
        }
    }

    [Fact]
    public async Task Core_exclusive_lock_on_the_registry_makes_a_shared_append_time_out()
    {
        using var registry = await StreamRegistry.OpenAsync(Paths, shared: true, _time, TimeSpan.FromMilliseconds(300), CancellationToken.None);

        using (FileLock.Open(Paths.RegistryPath, FileAccess.ReadWrite, FileLockKind.Exclusive, bestEffort: false))
        {
            var e = await Assert.ThrowsAsync<RegistryLockTimeoutException>(
                () => registry.EnsureRegisteredAsync("order", "a", CancellationToken.None));
            Assert.Equal(Paths.RegistryPath, e.Path);
            Assert.False(registry.IsRegistered("order", "a"));
        }

        Assert.True(await registry.EnsureRegisteredAsync("order", "a", CancellationToken.None));
    }

    [Fact]
    public async Task An_unshared_registry_keeps_a_core_exclusive_lock_out()
    {
        using var registry = await StreamRegistry.OpenAsync(Paths, shared: false, _time, StreamRegistry.DefaultLockTimeout, CancellationToken.None);
        Assert.True(await registry.EnsureRegisteredAsync("order", "a", CancellationToken.None));

        AssertConflict(() => FileLock.Open(Paths.RegistryPath, FileAccess.ReadWrite, FileLockKind.Exclusive, bestEffort: false));
    }

    private static void AssertConflict(Func<IDisposable> open)
    {
        var e = Assert.Throws<IOException>(() => open().Dispose());
        Assert.True(FileLock.IsLockConflict(e), e.ToString());
    }
}
