using System.Text;

namespace EventFold.Tests.IO;

public sealed class DurableFileTests
{
    [Fact]
    public void OpenReadNoLock_reads_while_dotnet_holds_exclusive_share()
    {
        using var dir = new TempDir();
        string path = dir.Combine("f.txt");
        File.WriteAllText(path, "hello");
        using var writer = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);

        using var reader = DurableFile.OpenReadNoLock(path);
        using var sr = new StreamReader(reader, Encoding.UTF8);
        Assert.Equal("hello", sr.ReadToEnd());
    }

    [Fact]
    public void OpenReadNoLock_missing_file_throws_FileNotFound()
    {
        using var dir = new TempDir();
        Assert.Throws<FileNotFoundException>(() => DurableFile.OpenReadNoLock(dir.Combine("nope")));
    }

    [Fact]
    public void FlushToDisk_and_FsyncDirectory_succeed_on_real_files()
    {
        using var dir = new TempDir();
        string path = dir.Combine("f.bin");
        using var handle = UnixNative.OpenOrCreateReadWrite(path);
        RandomAccess.Write(handle, "abc"u8, 0);
        DurableFile.FlushToDisk(handle);
        DurableFile.FsyncDirectory(dir.Path);
        Assert.Equal(3, new FileInfo(path).Length);
    }

    [Fact]
    public void FsyncDirectory_missing_directory_throws()
    {
        using var dir = new TempDir();
        Assert.ThrowsAny<IOException>(() => DurableFile.FsyncDirectory(dir.Combine("missing")));
    }

    [Fact]
    public void Flock_exclusive_conflicts_with_dotnet_FileShare_None()
    {
        using var dir = new TempDir();
        string path = dir.Combine("f.bin");
        using var handle = UnixNative.OpenOrCreateReadWrite(path);
        Assert.Equal(0, UnixNative.Flock(handle, UnixNative.LockEx | UnixNative.LockNb));
        Assert.Throws<IOException>(() => new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None));
    }

    [Fact]
    public void ReplaceAtomically_flushes_the_new_file_before_the_rename_and_the_directory_after_it()
    {
        using var dir = new TempDir();
        string path = dir.Combine("state.json");
        File.WriteAllText(path, "old");
        using var syncs = new SyncRecorder(dir.Path);

        DurableFile.ReplaceAtomically(path, "new"u8);

        Assert.Equal([path + ".tmp", dir.Path], syncs.Paths.Select(p => p.TrimEnd('/')).ToArray());
        Assert.Equal("new", File.ReadAllText(path));
        Assert.False(File.Exists(path + ".tmp"));
    }

    [Fact]
    public void ReplaceAtomically_whose_rename_fails_keeps_the_old_entry_and_leaves_no_tmp()
    {
        using var dir = new TempDir();
        string path = dir.Combine("state.json");
        Directory.CreateDirectory(Path.Combine(path, "blocker")); // the target is a non-empty directory: the rename fails

        Assert.ThrowsAny<SystemException>(() => DurableFile.ReplaceAtomically(path, "new"u8));
        Assert.True(Directory.Exists(Path.Combine(path, "blocker")));
        Assert.False(File.Exists(path + ".tmp"), "the written .tmp is removed when the replace fails");
    }
}
