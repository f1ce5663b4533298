using EventFold.Orleans.Tests.Support;

namespace EventFold.Tests.IO;

/// <summary>
/// The core lock primitive is the log writer's lock and the lock .NET takes for <see cref="FileShare"/>: each excludes the others.
/// Two handles in one process stand in for two processes (flock locks belong to the open file description).
/// </summary>
[Collection("CrossProcessLockTests")]
public sealed class FileLockTests
{
    [Fact]
    public async Task A_shared_flock_held_by_another_process_lets_shared_locks_in_and_keeps_exclusive_ones_out()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // flock(1) from util-linux is the cross-process lock holder used here
        }

        Assert.True(ChildLockHolder.IsAvailable, "flock(1) from util-linux is required for this test");
        using var tmp = new TempDir();
        string path = tmp.Combine("store.lock");
        File.WriteAllBytes(path, []);
        using (await ChildLockHolder.StartAsync(path, shared: true))
        {
            FileLock.Open(path, FileAccess.Read, FileLockKind.Shared, bestEffort: false).Dispose();
            AssertConflict(() => FileLock.Open(path, FileAccess.ReadWrite, FileLockKind.Exclusive, bestEffort: false));
        }

        FileLock.Open(path, FileAccess.ReadWrite, FileLockKind.Exclusive, bestEffort: false).Dispose();
    }

    [Fact]
    public void Exclusive_lock_keeps_the_log_writer_out_and_the_writer_keeps_it_out()
    {
        using var tmp = new TempDir();
        string log = tmp.Combine("app.jsonl");

        using (FileLock.Open(log, FileAccess.ReadWrite, FileLockKind.Exclusive, bestEffort: false))
        {
            var e = Assert.Throws<WriterLockedException>(() => EventWriter.Open(tmp.Path));
            Assert.Contains(tmp.Path, e.Message);
        }

        using (EventWriter.Open(tmp.Path))
        {
            AssertConflict(() => FileLock.Open(log, FileAccess.ReadWrite, FileLockKind.Exclusive, bestEffort: false));
            AssertConflict(() => FileLock.Open(log, FileAccess.Read, FileLockKind.Shared, bestEffort: true));
        }

        FileLock.Open(log, FileAccess.ReadWrite, FileLockKind.Exclusive, bestEffort: false).Dispose();
    }

    [Fact]
    public void Shared_locks_coexist_and_exclude_an_exclusive_one_both_ways()
    {
        using var tmp = new TempDir();
        string path = tmp.Combine("store.lock");

        using (FileLock.Open(path, FileAccess.Read, FileLockKind.Shared, bestEffort: true))
        using (FileLock.Open(path, FileAccess.Read, FileLockKind.Shared, bestEffort: true))
        {
            AssertConflict(() => FileLock.Open(path, FileAccess.ReadWrite, FileLockKind.Exclusive, bestEffort: true));
        }

        using (FileLock.Open(path, FileAccess.ReadWrite, FileLockKind.Exclusive, bestEffort: true))
        {
            AssertConflict(() => FileLock.Open(path, FileAccess.Read, FileLockKind.Shared, bestEffort: true));
        }
    }

    [Fact]
    public void Open_creates_a_missing_file_even_for_a_shared_read_lock()
    {
        using var tmp = new TempDir();
        string path = tmp.Combine("created.lock");

        using (FileLock.Open(path, FileAccess.Read, FileLockKind.Shared, bestEffort: true))
        {
            Assert.True(File.Exists(path));
        }
    }

    [Fact]
    public void Dotnet_FileShare_locks_and_the_primitive_exclude_each_other()
    {
        using var tmp = new TempDir();
        string path = tmp.Combine("file");

        using (new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            AssertConflict(() => FileLock.Open(path, FileAccess.Read, FileLockKind.Shared, bestEffort: true));
        }

        using (FileLock.Open(path, FileAccess.ReadWrite, FileLockKind.Exclusive, bestEffort: false))
        {
            var e = Assert.Throws<IOException>(() => new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None));
            Assert.True(FileLock.IsLockConflict(e), e.ToString());
        }
    }

    [Fact]
    public void Other_failures_are_not_lock_conflicts()
    {
        using var tmp = new TempDir();

        var missing = Assert.ThrowsAny<IOException>(
            () => FileLock.Open(tmp.Combine("no-such-dir", "file"), FileAccess.ReadWrite, FileLockKind.Exclusive, bestEffort: false));
        Assert.False(FileLock.IsLockConflict(missing));
        Assert.False(FileLock.IsLockConflict(new IOException("disk full", 28)));
    }

    [Fact]
    public async Task Retry_gives_the_callers_timeout_exception_with_the_conflict_inside()
    {
        using var tmp = new TempDir();
        string path = tmp.Combine("streams.jsonl");
        using var holder = FileLock.Open(path, FileAccess.ReadWrite, FileLockKind.Exclusive, bestEffort: true);

        var e = await Assert.ThrowsAsync<TimeoutException>(() => FileLock.OpenWithRetryAsync(
            path, FileAccess.ReadWrite, FileLockKind.Exclusive, bestEffort: true, TimeSpan.Zero, TimeProvider.System,
            (waited, conflict) => new TimeoutException($"held after {waited}", conflict), CancellationToken.None));
        var inner = Assert.IsType<IOException>(e.InnerException);
        Assert.True(FileLock.IsLockConflict(inner));
    }

    [Fact]
    public async Task Retry_takes_a_free_lock_at_once()
    {
        using var tmp = new TempDir();
        string path = tmp.Combine("streams.jsonl");

        using var handle = await FileLock.OpenWithRetryAsync(
            path, FileAccess.ReadWrite, FileLockKind.Exclusive, bestEffort: true, TimeSpan.Zero, TimeProvider.System,
            (waited, conflict) => new TimeoutException($"held after {waited}", conflict), CancellationToken.None);
        AssertConflict(() => FileLock.Open(path, FileAccess.Read, FileLockKind.Shared, bestEffort: true));
    }

    private static void AssertConflict(Func<IDisposable> open)
    {
        var e = Assert.Throws<IOException>(() => open().Dispose());
        Assert.True(FileLock.IsLockConflict(e), e.ToString());
    }
}
