using EventFold.Orleans.Store;
using Xunit;

namespace EventFold.Orleans.Tests.Store;

public sealed class StorePathsTests
{
    [Fact]
    public void Layout_is_derived_from_the_base_directory()
    {
        using var temp = new StoreTempDirectory();
        var paths = new StorePaths(temp.Path + Path.DirectorySeparatorChar);

        Assert.Equal(temp.Path, paths.BaseDirectory);
        Assert.Equal(Path.Join(temp.Path, "streams"), paths.StreamsDirectory);
        Assert.Equal(Path.Join(temp.Path, "meta"), paths.MetaDirectory);
        Assert.Equal(Path.Join(temp.Path, "meta", "streams.jsonl"), paths.RegistryPath);
        Assert.Equal(Path.Join(temp.Path, "meta", "store.lock"), paths.StoreLockPath);
        Assert.Equal(Path.Join(temp.Path, "streams", "order"), paths.AggregateTypeDirectory("order"));
        Assert.Equal(Path.Join(temp.Path, "streams", "order", "ord-42"), paths.StreamDirectory("order", "ord-42"));
        Assert.Empty(Directory.EnumerateFileSystemEntries(temp.Path));
    }

    [Fact]
    public void Relative_base_is_resolved_to_a_full_path()
    {
        var paths = new StorePaths("some/store");

        Assert.Equal(Path.GetFullPath("some/store"), paths.BaseDirectory);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Blank_base_is_rejected(string baseDirectory)
    {
        Assert.ThrowsAny<ArgumentException>(() => new StorePaths(baseDirectory));
    }

    [Theory]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("../../etc/passwd")]
    [InlineData("/etc/passwd")]
    [InlineData("..\\..\\windows")]
    [InlineData("C:\\x")]
    [InlineData("a/../../b")]
    [InlineData("~")]
    [InlineData("NUL")]
    [InlineData("\0")]
    [InlineData("streams/other/x")]
    public void No_id_reaches_outside_its_type_folder(string id)
    {
        using var temp = new StoreTempDirectory();
        var paths = new StorePaths(temp.Path);
        var typeDirectory = paths.AggregateTypeDirectory("order");

        var directory = paths.StreamDirectory("order", id);

        Assert.Equal(typeDirectory, Path.GetDirectoryName(directory));
        Assert.Equal(directory, Path.GetFullPath(directory));
        Assert.Equal(id, StreamIdEncoding.Decode(Path.GetFileName(directory)));
    }

    [Fact]
    public void Random_ids_all_land_directly_below_the_type_folder()
    {
        using var temp = new StoreTempDirectory();
        var paths = new StorePaths(temp.Path);
        var typeDirectory = paths.AggregateTypeDirectory("order");
        var random = new Random(7);
        var alphabet = "./\\:~a-_ \0%é😀";
        for (var i = 0; i < 2_000; i++)
        {
            var id = string.Concat(Enumerable.Range(0, random.Next(1, 12)).Select(_ => alphabet[random.Next(alphabet.Length)]));
            if (!StreamIdEncoding.TryEncode(id, out _))
            {
                continue;
            }

            Assert.Equal(typeDirectory, Path.GetDirectoryName(paths.StreamDirectory("order", id)));
        }
    }

    [Fact]
    public void Stream_directories_can_be_created_and_stay_inside()
    {
        using var temp = new StoreTempDirectory();
        var paths = new StorePaths(temp.Path);
        string[] ids = ["..", ".", "a/b", "C:\\x", "NUL", "nul.txt", "con", "~", "😀"];

        foreach (var id in ids)
        {
            Directory.CreateDirectory(paths.StreamDirectory("order", id));
        }

        var created = Directory.GetDirectories(paths.AggregateTypeDirectory("order")).Select(Path.GetFileName).ToArray();
        Assert.Equal(ids.Length, created.Length);
        Assert.Equal(ids.Order(StringComparer.Ordinal), created.Select(n => StreamIdEncoding.Decode(n!)).Order(StringComparer.Ordinal));
        Assert.Equal(["streams"], Directory.GetDirectories(temp.Path).Select(Path.GetFileName));
        Assert.Equal(["order"], Directory.GetDirectories(paths.StreamsDirectory).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("..")]
    [InlineData("Order")]
    [InlineData("a/b")]
    [InlineData("")]
    public void Invalid_type_names_are_rejected(string aggregateType)
    {
        using var temp = new StoreTempDirectory();
        var paths = new StorePaths(temp.Path);

        Assert.Throws<InvalidAggregateTypeException>(() => paths.StreamDirectory(aggregateType, "x"));
        Assert.Throws<InvalidAggregateTypeException>(() => paths.AggregateTypeDirectory(aggregateType));
    }

    [Fact]
    public void Invalid_ids_are_rejected()
    {
        using var temp = new StoreTempDirectory();
        var paths = new StorePaths(temp.Path);

        Assert.Throws<InvalidStreamIdException>(() => paths.StreamDirectory("order", ""));
        Assert.Throws<InvalidStreamIdException>(() => paths.StreamDirectory("order", new string('x', 10_000)));
    }
}
