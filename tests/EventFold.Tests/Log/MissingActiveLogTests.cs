namespace EventFold.Tests.Log;

/// <summary>The writer never starts a fresh app.jsonl, numbered from nothing, next to an archive that holds the history.</summary>
public sealed class MissingActiveLogTests
{
    [Fact]
    public void Opening_a_log_whose_app_jsonl_is_missing_next_to_an_archive_is_refused_and_creates_nothing()
    {
        using var tmp = new TempDir();
        RotatedLog(tmp.Path);
        string log = Path.Combine(tmp.Path, "app.jsonl");
        File.Delete(log);

        var error = Assert.Throws<CorruptLogException>(() => EventWriter.Open(tmp.Path));

        Assert.Equal(log, error.FilePath);
        Assert.Contains("archive.jsonl.zst", error.Reason);
        Assert.False(File.Exists(log));
    }

    [Fact]
    public void Opening_a_log_whose_app_jsonl_is_a_directory_is_refused()
    {
        using var tmp = new TempDir();
        Directory.CreateDirectory(Path.Combine(tmp.Path, "app.jsonl"));

        var error = Assert.Throws<CorruptLogException>(() => EventWriter.Open(tmp.Path));

        Assert.Contains("is a directory", error.Reason);
    }

    [Fact]
    public void An_empty_app_jsonl_created_by_hand_continues_from_the_archive()
    {
        using var tmp = new TempDir();
        RotatedLog(tmp.Path);
        File.WriteAllBytes(Path.Combine(tmp.Path, "app.jsonl"), []);

        using var writer = EventWriter.Open(tmp.Path);
        writer.Append(LogTestData.Numbered(2));

        Assert.Equal([0, 1, 2], writer.Reader.ReadFull().Select(r => r.Event.DataInt()));
    }

    private static void RotatedLog(string directory)
    {
        using var writer = EventWriter.Open(directory);
        writer.Append(LogTestData.Numbered(0));
        writer.Append(LogTestData.Numbered(1));
        Assert.True(writer.Rotate());
    }
}
