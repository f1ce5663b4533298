using System.Text;

namespace EventFold.Tests.Log;

public sealed class EventWriterTests
{
    [Fact]
    public void Open_creates_layout_durably_and_reports_what_it_created()
    {
        using var tmp = new TempDir();
        string dir = tmp.Combine("a", "b", "stream");
        using (var writer = EventWriter.Open(dir))
        {
            Assert.True(File.Exists(Path.Combine(dir, "app.jsonl")));
            Assert.True(Directory.Exists(Path.Combine(dir, "views")));
            Assert.Equal(
                [tmp.Combine("a"), tmp.Combine("a", "b"), dir, Path.Combine(dir, "views"), Path.Combine(dir, "app.jsonl")],
                writer.DurablyCreated);
            Assert.Equal(Path.Combine(dir, "app.jsonl"), writer.LogPath);
            Assert.Equal(Path.Combine(dir, "archive.jsonl.zst"), writer.ArchivePath);
            Assert.Equal(Path.Combine(dir, "views"), writer.ViewsDirectory);
            Assert.Equal(dir, writer.Directory);
            Assert.Equal(0, writer.ActiveLogSize);
            Assert.Equal("", writer.LastLineHash);
            Assert.Equal(0, writer.RepairedBytes);
        }

        using var again = EventWriter.Open(dir);
        Assert.Empty(again.DurablyCreated);
    }

    [Fact]
    public void Append_results_match_the_rust_golden_run()
    {
        using var tmp = new TempDir();
        using var writer = EventWriter.Open(tmp.Path);
        string[] hashes = ["1db2a76a3b904eb2", "ca13b93a62d1d906", "f295bb6abc7d5a66"];
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(new AppendResult(38 * i, 38 * (i + 1), hashes[i]), writer.Append(LogTestData.Golden(i)));
        }

        Assert.Equal(114, writer.ActiveLogSize);
        Assert.Equal(114, writer.Reader.ActiveLogSize());
        Assert.Equal("f295bb6abc7d5a66", writer.LastLineHash);
    }

    [Fact]
    public void Events_d_and_e_on_a_fresh_log_match_rust()
    {
        using var tmp = new TempDir();
        using (var writer = EventWriter.Open(tmp.Combine("d")))
        {
            Assert.Equal(new AppendResult(0, 38, "e49f58d8ad841980"), writer.Append(LogTestData.Golden(3)));
        }

        using (var writer = EventWriter.Open(tmp.Combine("e")))
        {
            Assert.Equal(new AppendResult(0, 38, "397e7efcb3bedc95"), writer.Append(LogTestData.Golden(4)));
        }

        byte[] golden = LogTestData.ReadAllBytes(Path.Combine(Fixtures.Vectors.GoldenLog, "app.jsonl"));
        Assert.Equal(golden, LogTestData.ReadAllBytes(tmp.Combine("e", "app.jsonl")));
    }

    [Fact]
    public void Appended_bytes_are_the_event_line_plus_LF()
    {
        using var tmp = new TempDir();
        using var writer = EventWriter.Open(tmp.Path);
        Event e = new Event("x", "{\"k\":[1,2]}"u8.ToArray(), 5).WithActor("me");
        AppendResult r = writer.Append(e);
        byte[] expected = [.. e.ToLine(), (byte)'\n'];
        Assert.Equal(expected, LogTestData.ReadAllBytes(writer.LogPath));
        Assert.Equal(LineHash.Compute(e.ToLine()), r.LineHash);
        Assert.Equal(expected.Length, r.EndOffset);
    }

    [Fact]
    public void Reopen_restores_end_and_last_hash_from_disk()
    {
        using var tmp = new TempDir();
        AppendResult last;
        using (var writer = EventWriter.Open(tmp.Path))
        {
            writer.Append(LogTestData.Numbered(1));
            last = writer.AppendBatch([LogTestData.Numbered(2), LogTestData.Numbered(3)]);
        }

        using var reopened = EventWriter.Open(tmp.Path);
        Assert.Equal(last.EndOffset, reopened.ActiveLogSize);
        Assert.Equal(last.LineHash, reopened.LastLineHash);
        Assert.Equal(0, reopened.RepairedBytes);
        AppendResult next = reopened.AppendIf(LogTestData.Numbered(4), last.EndOffset, last.LineHash);
        Assert.Equal(last.EndOffset, next.StartOffset);
    }

    [Fact]
    public void Batch_is_one_contiguous_write_with_framing_on_all_but_the_last_line()
    {
        using var tmp = new TempDir();
        using var writer = EventWriter.Open(tmp.Path);
        writer.Append(LogTestData.Numbered(0));
        AppendResult r = writer.AppendBatch([LogTestData.Numbered(1), LogTestData.Numbered(2), LogTestData.Numbered(3)]);
        string[] lines = Encoding.UTF8.GetString(LogTestData.ReadAllBytes(writer.LogPath)).Split('\n');
        Assert.Equal("{\"type\":\"n\",\"data\":{\"i\":0},\"ts\":0}", lines[0]);
        Assert.Equal("{\"type\":\"n\",\"data\":{\"i\":1},\"ts\":1,\"batch_rest\":2}", lines[1]);
        Assert.Equal("{\"type\":\"n\",\"data\":{\"i\":2},\"ts\":2,\"batch_rest\":1}", lines[2]);
        Assert.Equal("{\"type\":\"n\",\"data\":{\"i\":3},\"ts\":3}", lines[3]);
        Assert.Equal("", lines[4]);
        Assert.Equal(lines[0].Length + 1, r.StartOffset);
        Assert.Equal(new FileInfo(writer.LogPath).Length, r.EndOffset);
        Assert.Equal(LineHash.Compute(Encoding.UTF8.GetBytes(lines[3])), r.LineHash);

        var read = writer.Reader.ReadFrom(0).ToList();
        Assert.Equal([0, 1, 2, 3], read.Select(x => x.Event.DataInt()));
        Assert.Equal(LineHash.Compute(Encoding.UTF8.GetBytes(lines[1])), read[1].LineHash);
    }

    [Fact]
    public void Single_event_batch_has_no_marker_and_equals_append()
    {
        using var tmp = new TempDir();
        using var a = EventWriter.Open(tmp.Combine("a"));
        using var b = EventWriter.Open(tmp.Combine("b"));
        Assert.Equal(a.Append(LogTestData.Numbered(7)), b.AppendBatch([LogTestData.Numbered(7)]));
        Assert.Equal(LogTestData.ReadAllBytes(a.LogPath), LogTestData.ReadAllBytes(b.LogPath));
    }

    [Fact]
    public void Empty_batch_writes_nothing_and_returns_current_version()
    {
        using var tmp = new TempDir();
        using var writer = EventWriter.Open(tmp.Path);
        AppendResult r = writer.Append(LogTestData.Numbered(1));
        Assert.Equal(new AppendResult(r.EndOffset, r.EndOffset, r.LineHash), writer.AppendBatch([]));
        Assert.Equal(r.EndOffset, new FileInfo(writer.LogPath).Length);
    }

    [Fact]
    public void Unserializable_event_writes_nothing()
    {
        using var tmp = new TempDir();
        using var writer = EventWriter.Open(tmp.Path);
        writer.Append(LogTestData.Numbered(1));
        long size = writer.ActiveLogSize;
        Assert.Throws<ArgumentException>(() => writer.AppendBatch([LogTestData.Numbered(2), new Event("\ud800", "{}"u8.ToArray(), 1)]));
        Assert.Equal(size, new FileInfo(writer.LogPath).Length);
        Assert.Equal(size, writer.ActiveLogSize);
    }

    [Fact]
    public void Buffered_mode_appends_and_flushes()
    {
        using var tmp = new TempDir();
        using var writer = EventWriter.Open(tmp.Path, new EventWriterOptions { Durability = Durability.Buffered });
        for (int i = 0; i < 10; i++)
        {
            writer.Append(LogTestData.Numbered(i));
        }

        writer.Flush();
        Assert.Equal(10, writer.Reader.ReadFrom(0).Count());
    }

    [Fact]
    public void Disposed_writer_refuses_appends()
    {
        using var tmp = new TempDir();
        var writer = EventWriter.Open(tmp.Path);
        writer.Dispose();
        writer.Dispose();
        Assert.Throws<ObjectDisposedException>(() => writer.Append(LogTestData.Numbered(1)));
    }

    [Fact]
    public void TruncateActiveLog_empties_the_file_and_resets_the_version()
    {
        using var tmp = new TempDir();
        using var writer = EventWriter.Open(tmp.Path);
        writer.Append(LogTestData.Numbered(1));
        writer.TruncateActiveLog();
        Assert.Equal(0, new FileInfo(writer.LogPath).Length);
        Assert.Equal(0, writer.ActiveLogSize);
        Assert.Equal("", writer.LastLineHash);
        Assert.Equal(new AppendResult(0, LogTestData.Numbered(2).ToLine().Length + 1, LineHash.Compute(LogTestData.Numbered(2).ToLine())), writer.AppendIf(LogTestData.Numbered(2), 0, ""));
    }

    [Fact]
    public void Lock_mode_none_writer_follows_appends_made_by_another_writer()
    {
        using var tmp = new TempDir();
        using var one = EventWriter.Open(tmp.Path, LogTestData.NoLock);
        using var two = EventWriter.Open(tmp.Path, LogTestData.NoLock);
        AppendResult a = one.Append(LogTestData.Numbered(1));
        AppendResult b = two.Append(LogTestData.Numbered(2));
        Assert.Equal(a.EndOffset, b.StartOffset);
        AppendResult c = one.AppendIf(LogTestData.Numbered(3), b.EndOffset, b.LineHash);
        Assert.Equal(b.EndOffset, c.StartOffset);
        Assert.Equal([1, 2, 3], one.Reader.ReadFrom(0).Select(r => r.Event.DataInt()));
    }

    [Fact]
    public void Lock_mode_none_writer_drops_a_partial_line_left_by_another_writer()
    {
        using var tmp = new TempDir();
        using var writer = EventWriter.Open(tmp.Path, LogTestData.NoLock);
        AppendResult a = writer.Append(LogTestData.Numbered(1));
        LogTestData.AppendRaw(writer.LogPath, "{\"type\":\"torn-by-a-crashed-writer\",\"data\":{\"long\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxx\"");
        AppendResult b = writer.Append(LogTestData.Numbered(2));
        Assert.Equal(a.EndOffset, b.StartOffset);
        Assert.Equal(b.EndOffset, new FileInfo(writer.LogPath).Length);
        Assert.Equal([1, 2], writer.Reader.ReadFrom(0).Select(r => r.Event.DataInt()));
    }
}
