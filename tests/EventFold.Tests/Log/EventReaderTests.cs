using System.Text;

namespace EventFold.Tests.Log;

public sealed class EventReaderTests
{
    [Fact]
    public void ReadFrom_yields_offsets_hashes_and_resumes_from_any_end_offset()
    {
        using var tmp = new TempDir();
        using var writer = EventWriter.Open(tmp.Path);
        var results = Enumerable.Range(0, 5).Select(i => writer.Append(LogTestData.Numbered(i))).ToList();
        var records = writer.Reader.ReadFrom(0).ToList();
        Assert.Equal(results.Select(r => (r.StartOffset, r.EndOffset, r.LineHash)), records.Select(r => (r.StartOffset, r.EndOffset, r.LineHash)));
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal(Enumerable.Range(i + 1, 4 - i), writer.Reader.ReadFrom(results[i].EndOffset).Select(r => r.Event.DataInt()));
        }

        Assert.Empty(writer.Reader.ReadFrom(results[^1].EndOffset));
        Assert.Empty(writer.Reader.ReadFrom(results[^1].EndOffset + 100));
    }

    [Fact]
    public void Length_is_captured_when_ReadFrom_is_called()
    {
        using var tmp = new TempDir();
        using var writer = EventWriter.Open(tmp.Path);
        writer.Append(LogTestData.Numbered(0));
        IEnumerable<EventRecord> read = writer.Reader.ReadFrom(0);
        writer.Append(LogTestData.Numbered(1));
        Assert.Single(read);
        Assert.Equal(2, writer.Reader.ReadFrom(0).Count());
    }

    [Fact]
    public void Missing_log_reads_as_empty()
    {
        using var tmp = new TempDir();
        var reader = new EventReader(tmp.Combine("nothing"));
        Assert.Equal(0, reader.ActiveLogSize());
        Assert.False(reader.HasNewEvents(0));
        Assert.Empty(reader.ReadFrom(0));
        Assert.Empty(reader.ReadFull());
        Assert.Null(reader.ReadLineHashBefore(10));
    }

    [Fact]
    public void Empty_lines_are_skipped_with_correct_offsets()
    {
        using var tmp = new TempDir();
        string log = tmp.Combine("app.jsonl");
        LogTestData.AppendRaw(log, "\n{\"type\":\"a\",\"data\":1,\"ts\":1}\n\n\n{\"type\":\"b\",\"data\":2,\"ts\":2}\n");
        var records = new EventReader(tmp.Path).ReadFrom(0).ToList();
        Assert.Equal(["a", "b"], records.Select(r => r.Event.Type));
        Assert.Equal((1L, 30L), (records[0].StartOffset, records[0].EndOffset));
        Assert.Equal((32L, 61L), (records[1].StartOffset, records[1].EndOffset));
    }

    [Fact]
    public void HasNewEvents_and_ActiveLogSize_follow_the_file()
    {
        using var tmp = new TempDir();
        using var writer = EventWriter.Open(tmp.Path);
        Assert.False(writer.Reader.HasNewEvents(0));
        AppendResult r = writer.Append(LogTestData.Numbered(0));
        Assert.True(writer.Reader.HasNewEvents(0));
        Assert.False(writer.Reader.HasNewEvents(r.EndOffset));
        Assert.Equal(r.EndOffset, writer.Reader.ActiveLogSize());
    }

    [Fact]
    public void ReadLineHashBefore_matches_rust_rules()
    {
        using var tmp = new TempDir();
        using var writer = EventWriter.Open(tmp.Path);
        AppendResult a = writer.Append(LogTestData.Numbered(0));
        AppendResult b = writer.Append(LogTestData.Numbered(1));
        Assert.Null(writer.Reader.ReadLineHashBefore(0));
        Assert.Equal(a.LineHash, writer.Reader.ReadLineHashBefore(a.EndOffset));
        Assert.Equal(b.LineHash, writer.Reader.ReadLineHashBefore(b.EndOffset));
        Assert.Null(writer.Reader.ReadLineHashBefore(b.EndOffset + 1));
    }

    [Fact]
    public void Reader_works_while_writer_holds_the_lock_and_sees_each_append()
    {
        using var tmp = new TempDir();
        using var writer = EventWriter.Open(tmp.Path);
        var reader = new EventReader(tmp.Path);
        long offset = 0;
        for (int i = 0; i < 3; i++)
        {
            writer.Append(LogTestData.Numbered(i));
            var batch = reader.ReadFrom(offset).ToList();
            Assert.Equal(i, Assert.Single(batch).Event.DataInt());
            offset = batch[^1].EndOffset;
        }
    }

    [Fact]
    public void Many_events_across_buffer_boundaries_read_back_in_order()
    {
        using var tmp = new TempDir();
        using var writer = EventWriter.Open(tmp.Path, new EventWriterOptions { Durability = Durability.Buffered });
        var events = Enumerable.Range(0, 20_000).Select(i => LogTestData.Numbered(i, $"t{i % 7}")).ToList();
        for (int i = 0; i < events.Count; i += 100)
        {
            writer.AppendBatch(events.GetRange(i, 100));
        }

        writer.Append(LogTestData.Sized(600_000)); // longer than the initial read buffer
        writer.Append(LogTestData.Numbered(20_000));
        var read = writer.Reader.ReadFrom(0).ToList();
        Assert.Equal(20_002, read.Count);
        Assert.Equal(Enumerable.Range(0, 20_000), read.Take(20_000).Select(r => r.Event.DataInt()));
        Assert.Equal($"t{19_999 % 7}", read[19_999].Event.Type);
        Assert.Equal(20_000, read[^1].Event.DataInt());
        for (int i = 1; i < read.Count; i++)
        {
            Assert.Equal(read[i - 1].EndOffset, read[i].StartOffset);
        }
    }

    [Fact]
    public void Golden_log_active_file_reads_as_event_e()
    {
        var reader = new EventReader(Fixtures.Vectors.GoldenLog);
        EventRecord record = Assert.Single(reader.ReadFrom(0));
        Assert.Equal(("e", 0L, 38L, "397e7efcb3bedc95"), (record.Event.Type, record.StartOffset, record.EndOffset, record.LineHash));
        Assert.Equal("{\"n\":5}", Encoding.UTF8.GetString(record.Event.Data.Span));
        Assert.Equal(1004UL, record.Event.Ts);
        Assert.Equal("397e7efcb3bedc95", reader.ReadLineHashBefore(38));
    }

    [Fact]
    public void Golden_log_full_history_is_a_to_e()
    {
        var reader = new EventReader(Fixtures.Vectors.GoldenLog);
        var history = reader.ReadFull().ToList();
        Assert.Equal(["a", "b", "c", "d", "e"], history.Select(h => h.Event.Type));
        Assert.Equal([true, true, true, true, false], history.Select(h => h.Archived));
        Assert.Equal(["1db2a76a3b904eb2", "ca13b93a62d1d906", "f295bb6abc7d5a66", "e49f58d8ad841980", "397e7efcb3bedc95"], history.Select(h => h.LineHash));
    }
}
