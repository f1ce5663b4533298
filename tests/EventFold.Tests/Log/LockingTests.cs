using System.Diagnostics;

namespace EventFold.Tests.Log;

public sealed class LockingTests
{
    [Fact]
    public void Second_writer_in_process_fails_immediately_and_succeeds_after_dispose()
    {
        using var tmp = new TempDir();
        var first = EventWriter.Open(tmp.Path);
        var sw = Stopwatch.StartNew();
        var ex = Assert.Throws<WriterLockedException>(() => EventWriter.Open(tmp.Path));
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(2));
        Assert.Equal(tmp.Path, ex.Directory);
        Assert.Contains("another writer holds the lock", ex.Message);
        Assert.Contains("app.jsonl", ex.Message);
        first.Dispose();
        using var second = EventWriter.Open(tmp.Path);
    }

    [Fact]
    public void Lock_mode_none_allows_two_writers()
    {
        using var tmp = new TempDir();
        using var a = EventWriter.Open(tmp.Path, LogTestData.NoLock);
        using var b = EventWriter.Open(tmp.Path, LogTestData.NoLock);
        using var c = EventWriter.Open(tmp.Path);
        Assert.Throws<WriterLockedException>(() => EventWriter.Open(tmp.Path));
    }

    [Fact]
    public void Dotnet_FileShare_None_writer_is_excluded_and_excludes()
    {
        using var tmp = new TempDir();
        using (var writer = EventWriter.Open(tmp.Path))
        {
            Assert.Throws<IOException>(() => new FileStream(writer.LogPath, FileMode.Open, FileAccess.ReadWrite, FileShare.None));
        }

        using var exclusive = new FileStream(Path.Combine(tmp.Path, "app.jsonl"), FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        Assert.Throws<WriterLockedException>(() => EventWriter.Open(tmp.Path));
    }
}
