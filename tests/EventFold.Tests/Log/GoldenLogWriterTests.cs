namespace EventFold.Tests.Log;

/// <summary>A C# writer continues a log directory produced by the Rust crate.</summary>
public sealed class GoldenLogWriterTests
{
    [Fact]
    public void Writer_opens_rust_log_and_continues_it()
    {
        using var tmp = new TempDir();
        CopyDirectory(Fixtures.Vectors.GoldenLog, tmp.Path);

        using var writer = EventWriter.Open(tmp.Path);
        Assert.Equal(0, writer.RepairedBytes);
        Assert.Empty(writer.DurablyCreated);
        Assert.Equal(38, writer.ActiveLogSize);
        Assert.Equal("397e7efcb3bedc95", writer.LastLineHash);

        AppendResult f = writer.AppendIf(new Event("f", "{\"n\":6}"u8.ToArray(), 1005), 38, "397e7efcb3bedc95");
        Assert.Equal(38, f.StartOffset);
        Assert.Equal(76, f.EndOffset);
        Assert.Equal(LineHash.Compute("{\"type\":\"f\",\"data\":{\"n\":6},\"ts\":1005}"u8), f.LineHash);

        var history = writer.Reader.ReadFull().ToList();
        Assert.Equal(["a", "b", "c", "d", "e", "f"], history.Select(h => h.Event.Type));
        Assert.Equal([1, 2, 3, 4, 5, 6], history.Select(h => h.Event.DataInt("n")));
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (string file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
