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
    public void Complete_json_without_LF_is_a_torn_tail(Durability durability)
    {
        using var tmp = new TempDir();
        string log = Path.Combine(tmp.Path, "app.jsonl");
        LogTestData.AppendRaw(log, "{\"type\":\"a\",\"data\":{},\"ts\":1}");
        Assert.Empty(new EventReader(tmp.Path).ReadFrom(0));
        using var writer = EventWriter.Open(tmp.Path, LogTestData.With(durability));
        Assert.Equal(0, writer.ActiveLogSize);
        Assert.Equal("", writer.LastLineHash);
        Assert.Equal(0, new FileInfo(log).Length);
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
