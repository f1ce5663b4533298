using EventFold.Orleans.Tests.Support;
using EventFold.Orleans.Store;
using Xunit;

namespace EventFold.Orleans.Tests.Store;

public sealed class StoreDirectoryLockTests : IDisposable
{
    private readonly StoreTempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private StorePaths Paths => new(_temp.Path);

    [Fact]
    public void Acquire_creates_the_lock_file_and_holds_it()
    {
        using var storeLock = StoreDirectoryLock.Acquire(Paths);

        Assert.True(File.Exists(Paths.StoreLockPath));
        Assert.Equal(Paths.StoreLockPath, storeLock.LockPath);
        Assert.False(storeLock.IsShared);
    }

    [Fact]
    public void Second_acquisition_in_the_same_process_conflicts_until_the_first_is_released()
    {
        var first = StoreDirectoryLock.Acquire(Paths);

        var e = Assert.Throws<StoreLockedException>(() => StoreDirectoryLock.Acquire(Paths));
        Assert.Equal(Paths.BaseDirectory, e.StoreDirectory);
        Assert.Equal(Paths.StoreLockPath, e.LockPath);
        Assert.Contains(Paths.BaseDirectory, e.Message);
        Assert.Contains("another process owns it", e.Message);
        Assert.Contains("EventFoldOptions.SharedByClusterSilos", e.Message);

        first.Dispose();
        using var second = StoreDirectoryLock.Acquire(Paths);
        Assert.False(second.IsShared);
    }

    [Fact]
    public void Plain_file_streams_with_FileShare_None_conflict_within_one_process()
    {
        Directory.CreateDirectory(Paths.MetaDirectory);
        using var first = new FileStream(Paths.StoreLockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);

        Assert.Throws<IOException>(() => new FileStream(Paths.StoreLockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
    }

    [Fact]
    public void Shared_holders_coexist_and_exclude_an_exclusive_one_both_ways()
    {
        using (var a = StoreDirectoryLock.Acquire(Paths, shared: true))
        using (var b = StoreDirectoryLock.Acquire(Paths, shared: true))
        {
            Assert.True(a.IsShared && b.IsShared);
            var e = Assert.Throws<StoreLockedException>(() => StoreDirectoryLock.Acquire(Paths));
            Assert.Contains("another process owns it", e.Message);
        }

        using (StoreDirectoryLock.Acquire(Paths))
        {
            var e = Assert.Throws<StoreLockedException>(() => StoreDirectoryLock.Acquire(Paths, shared: true));
            Assert.Contains("SharedByClusterSilos = true", e.Message);
        }
    }

    [Fact]
    public async Task Another_process_holding_the_lock_blocks_acquisition_until_it_ends()
    {
        Assert.True(ChildLockHolder.IsAvailable, "this test needs /usr/bin/flock (util-linux)");
        Directory.CreateDirectory(Paths.MetaDirectory);

        using (await ChildLockHolder.StartAsync(Paths.StoreLockPath))
        {
            var e = Assert.Throws<StoreLockedException>(() => StoreDirectoryLock.Acquire(Paths));
            Assert.Contains("another process owns it", e.Message);
            Assert.Throws<StoreLockedException>(() => StoreDirectoryLock.Acquire(Paths, shared: true));
        }

        using var acquired = StoreDirectoryLock.Acquire(Paths);
        Assert.False(acquired.IsShared);
    }

    [Fact]
    public async Task Another_process_sees_the_lock_this_process_holds()
    {
        Assert.True(ChildLockHolder.IsAvailable, "this test needs /usr/bin/flock (util-linux)");

        using (StoreDirectoryLock.Acquire(Paths))
        {
            Assert.False(await ChildLockHolder.CanLockAsync(Paths.StoreLockPath));
            Assert.False(await ChildLockHolder.CanLockAsync(Paths.StoreLockPath, shared: true));
        }

        using (StoreDirectoryLock.Acquire(Paths, shared: true))
        {
            Assert.False(await ChildLockHolder.CanLockAsync(Paths.StoreLockPath));
            Assert.True(await ChildLockHolder.CanLockAsync(Paths.StoreLockPath, shared: true));
        }

        Assert.True(await ChildLockHolder.CanLockAsync(Paths.StoreLockPath));
    }

    [Fact]
    public async Task Another_process_sharing_the_store_lets_shared_acquisition_through()
    {
        Assert.True(ChildLockHolder.IsAvailable, "this test needs /usr/bin/flock (util-linux)");
        Directory.CreateDirectory(Paths.MetaDirectory);

        using (await ChildLockHolder.StartAsync(Paths.StoreLockPath, shared: true))
        {
            using var shared = StoreDirectoryLock.Acquire(Paths, shared: true);
            Assert.Throws<StoreLockedException>(() => StoreDirectoryLock.Acquire(Paths));
        }
    }
}
