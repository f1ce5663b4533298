using System.Text;

namespace EventFold.Tests.Log;

public sealed class TornTailTests
{
    [Theory]
    [MemberData(nameof(LogTestData.Durabilities), MemberType = typeof(LogTestData))]
    public void Partial_line_is_skipped_by_reader_and_removed_at_open(Durability durability)
    {
        using var tmp = new TempDir();
        AppendResult last;
        using (var writer = EventWriter.Open(tmp.Path, LogTestData.With(durability)))
        {
            writer.Append(LogTestData.Numbered(0));
            last = writer.Append(LogTestData.Numbered(1));
        }

        LogTestData.AppendRaw(Path.Combine(tmp.Path, "app.jsonl"), "{\"type\":\"torn\",\"da");
        var reader = new EventReader(tmp.Path);
        Assert.Equal([0, 1], reader.ReadFrom(0).Select(r => r.Event.DataInt()));
        Assert.Empty(reader.ReadFrom(last.EndOffset));

        using var reopened = EventWriter.Open(tmp.Path, LogTestData.With(durability));
        Assert.Equal(18, reopened.RepairedBytes);
        Assert.Equal(last.EndOffset, new FileInfo(reopened.LogPath).Length);
        Assert.Equal(last.LineHash, reopened.LastLineHash);
        AppendResult next = reopened.AppendIf(LogTestData.Numbered(2), last.EndOffset, last.LineHash);
        Assert.Equal(last.EndOffset, next.StartOffset);
        Assert.Equal([0, 1, 2], reader.ReadFrom(0).Select(r => r.Event.DataInt()));
    }

    [Theory]
    [MemberData(nameof(LogTestData.Durabilities), MemberType = typeof(LogTestData))]
    public void Complete_event_line_without_LF_is_completed_not_removed(Durability durability)
    {
        // An acknowledged append always had its LF written: a line missing only that was never acknowledged (keeping it
        // is allowed) or was damaged afterwards (completing it restores it).
        using var tmp = new TempDir();
        string log = Path.Combine(tmp.Path, "app.jsonl");
        LogTestData.AppendRaw(log, "{\"type\":\"a\",\"data\":{},\"ts\":1}");
        Assert.Empty(new EventReader(tmp.Path).ReadFrom(0));
        using var writer = EventWriter.Open(tmp.Path, LogTestData.With(durability));
        Assert.Equal(0, writer.RepairedBytes);
        Assert.Equal("{\"type\":\"a\",\"data\":{},\"ts\":1}\n", Encoding.UTF8.GetString(LogTestData.ReadAllBytes(log)));
        Assert.Equal(new FileInfo(log).Length, writer.ActiveLogSize);
        Assert.Equal(["a"], writer.Reader.ReadFrom(0).Select(r => r.Event.Type));
    }

    [Theory]
    [InlineData(" ")]
    [InlineData("")]
    [InlineData("\0\0")]
    public void An_acknowledged_final_line_whose_LF_was_damaged_keeps_its_bytes_and_hash(string replacement)
    {
        using var tmp = new TempDir();
        string log = Path.Combine(tmp.Path, "app.jsonl");
        AppendResult last;
        using (var writer = EventWriter.Open(tmp.Path))
        {
            writer.Append(LogTestData.Numbered(0));
            last = writer.Append(LogTestData.Numbered(1));
        }

        byte[] original = LogTestData.ReadAllBytes(log);
        using (var handle = UnixNative.OpenOrCreateReadWrite(log))
        {
            RandomAccess.SetLength(handle, last.EndOffset - 1);
            RandomAccess.Write(handle, Encoding.UTF8.GetBytes(replacement), last.EndOffset - 1);
        }

        using var reopened = EventWriter.Open(tmp.Path);
        Assert.Equal(0, reopened.RepairedBytes);
        Assert.Equal(original, LogTestData.ReadAllBytes(log));
        Assert.Equal((last.EndOffset, last.LineHash), (reopened.ActiveLogSize, reopened.LastLineHash));
        reopened.AppendIf(LogTestData.Numbered(2), last.EndOffset, last.LineHash);
        Assert.Equal([0, 1, 2], reopened.Reader.ReadFrom(0).Select(r => r.Event.DataInt()));
    }

    [Fact]
    public void A_complete_unfinished_batch_line_without_LF_is_still_a_torn_tail()
    {
        using var tmp = new TempDir();
        string log = Path.Combine(tmp.Path, "app.jsonl");
        LogTestData.AppendRaw(log, "{\"type\":\"a\",\"data\":{},\"ts\":1}\n{\"type\":\"b\",\"data\":{},\"ts\":1,\"batch_rest\":1}");
        using var writer = EventWriter.Open(tmp.Path);
        Assert.Equal(30, writer.ActiveLogSize);
        Assert.Equal(30, new FileInfo(log).Length);
    }

    [Fact]
    public void A_torn_looking_tail_that_a_snapshot_covers_is_refused_with_file_and_offset_and_kept()
    {
        using var tmp = new TempDir();
        string log = Path.Combine(tmp.Path, "app.jsonl");
        AppendResult last;
        using (var writer = EventWriter.Open(tmp.Path))
        {
            writer.Append(LogTestData.Numbered(0));
            last = writer.Append(LogTestData.Numbered(1));
            SnapshotFile.Save(Path.Combine(writer.ViewsDirectory, "count.snapshot.json"), new Snapshot<int>(2, last.EndOffset, last.LineHash));
        }

        using (var handle = UnixNative.OpenOrCreateReadWrite(log))
        {
            RandomAccess.Write(handle, "x"u8.ToArray(), last.EndOffset - 1); // the LF of an acknowledged line, damaged
        }

        byte[] damaged = LogTestData.ReadAllBytes(log);
        var error = Assert.Throws<CorruptLogException>(() => EventWriter.Open(tmp.Path));

        Assert.Equal(Path.GetFullPath(log), error.FilePath);
        Assert.Equal(last.StartOffset, error.Offset);
        Assert.Contains("count.snapshot.json", error.Message);
        Assert.Equal(damaged, LogTestData.ReadAllBytes(log));
    }

    [Theory]
    [InlineData(10_000, "")]
    [InlineData(0, "0000000000000000")]
    public void A_snapshot_that_does_not_cover_the_torn_bytes_does_not_stop_the_repair(long offsetPastCommitted, string otherHash)
    {
        using var tmp = new TempDir();
        string log = Path.Combine(tmp.Path, "app.jsonl");
        AppendResult committed;
        using (var writer = EventWriter.Open(tmp.Path))
        {
            committed = writer.Append(LogTestData.Numbered(0));
        }

        LogTestData.AppendRaw(log, "{\"type\":\"torn\",\"da");
        // A snapshot of an earlier log generation: past the end, or inside the torn bytes with another line's hash.
        long offset = offsetPastCommitted > 0 ? offsetPastCommitted : committed.EndOffset + 5;
        SnapshotFile.Save(Path.Combine(tmp.Path, "views", "old.snapshot.json"), new Snapshot<int>(1, offset, otherHash));

        using var reopened = EventWriter.Open(tmp.Path);
        Assert.Equal(18, reopened.RepairedBytes);
        Assert.Equal(committed.EndOffset, new FileInfo(log).Length);
    }

    [Theory]
    [MemberData(nameof(LogTestData.Durabilities), MemberType = typeof(LogTestData))]
    public void Partial_batch_is_held_back_by_reader_and_removed_at_open(Durability durability)
    {
        using var tmp = new TempDir();
        string log = Path.Combine(tmp.Path, "app.jsonl");
        AppendResult committed;
        byte[] batchBytes;
        using (var writer = EventWriter.Open(tmp.Path, LogTestData.With(durability)))
        {
            committed = writer.Append(LogTestData.Numbered(0));
            writer.AppendBatch([LogTestData.Numbered(1), LogTestData.Numbered(2), LogTestData.Numbered(3)]);
            batchBytes = LogTestData.ReadAllBytes(log)[(int)committed.EndOffset..];
        }

        // Simulate a crash that persisted the first two complete lines of the batch only.
        int cut = Encoding.UTF8.GetString(batchBytes).IndexOf('\n', Encoding.UTF8.GetString(batchBytes).IndexOf('\n') + 1) + 1;
        using (var handle = UnixNative.OpenOrCreateReadWrite(log))
        {
            RandomAccess.SetLength(handle, committed.EndOffset + cut);
        }

        var reader = new EventReader(tmp.Path);
        Assert.Equal([0], reader.ReadFrom(0).Select(r => r.Event.DataInt()));
        Assert.Empty(reader.ReadFrom(committed.EndOffset));

        using var reopened = EventWriter.Open(tmp.Path, LogTestData.With(durability));
        Assert.Equal(cut, reopened.RepairedBytes);
        Assert.Equal(committed.EndOffset, reopened.ActiveLogSize);
        Assert.Equal(committed.LineHash, reopened.LastLineHash);
        reopened.AppendBatch([LogTestData.Numbered(4), LogTestData.Numbered(5)]);
        Assert.Equal([0, 4, 5], reader.ReadFrom(0).Select(r => r.Event.DataInt()));
    }

    [Theory]
    [MemberData(nameof(LogTestData.Durabilities), MemberType = typeof(LogTestData))]
    public void Rust_style_line_after_marked_lines_completes_them(Durability durability)
    {
        // A writer that ignores framing (Rust) may append after a torn batch; its unmarked line ends the run.
        using var tmp = new TempDir();
        string log = Path.Combine(tmp.Path, "app.jsonl");
        LogTestData.AppendRaw(log, "{\"type\":\"a\",\"data\":{},\"ts\":1,\"batch_rest\":2}\n{\"type\":\"b\",\"data\":{},\"ts\":1}\n");
        Assert.Equal(["a", "b"], new EventReader(tmp.Path).ReadFrom(0).Select(r => r.Event.Type));
        using var writer = EventWriter.Open(tmp.Path, LogTestData.With(durability));
        Assert.Equal(0, writer.RepairedBytes);
    }
}
