using Xunit;

namespace EventFold.Tests.IO;

public sealed class DirectorySyncTests
{
    [Fact]
    public void CreateDirectory_creates_missing_levels_once()
    {
        using var temp = new TempDir();
        var nested = Path.Join(temp.Path, "a", "b", "c");

        Assert.True(DirectorySync.CreateDirectory(nested));
        Assert.True(Directory.Exists(nested));
        Assert.False(DirectorySync.CreateDirectory(nested));
    }

    [Fact]
    public void Flush_of_an_existing_directory_succeeds()
    {
        using var temp = new TempDir();

        DirectorySync.Flush(temp.Path);
        DirectorySync.Flush(temp.Path + Path.DirectorySeparatorChar);
    }

    [Fact]
    public void Flush_of_a_missing_directory_fails_naming_it()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Directory flush is a no-op on Windows.
        }

        using var temp = new TempDir();
        var missing = Path.Join(temp.Path, "missing");

        var e = Assert.ThrowsAny<IOException>(() => DirectorySync.Flush(missing));

        Assert.Contains(missing, e.Message);
    }

    [Fact]
    public void Flush_of_a_file_fails_because_it_is_no_directory()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Directory flush is a no-op on Windows.
        }

        using var temp = new TempDir();
        var file = Path.Join(temp.Path, "f");
        File.WriteAllText(file, "x");

        var e = Assert.ThrowsAny<IOException>(() => DirectorySync.Flush(file));

        Assert.Contains("errno 20", e.Message);
    }
}
