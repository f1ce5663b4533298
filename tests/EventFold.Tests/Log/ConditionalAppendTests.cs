namespace EventFold.Tests.Log;

public sealed class ConditionalAppendTests
{
    [Theory]
    [MemberData(nameof(LogTestData.Durabilities), MemberType = typeof(LogTestData))]
    public void AppendIf_on_empty_log_and_chained_versions_succeed(Durability durability)
    {
        using var tmp = new TempDir();
        using var writer = EventWriter.Open(tmp.Path, LogTestData.With(durability));
        AppendResult r = writer.AppendIf(LogTestData.Numbered(0), 0, "");
        Assert.Equal(0, r.StartOffset);
        for (int i = 1; i < 4; i++)
        {
            r = writer.AppendIf(LogTestData.Numbered(i), r.EndOffset, r.LineHash);
        }

        Assert.Equal(4, writer.Reader.ReadFrom(0).Count());
    }

    [Theory]
    [MemberData(nameof(LogTestData.Durabilities), MemberType = typeof(LogTestData))]
    public void Expected_hash_is_not_checked_at_offset_zero(Durability durability)
    {
        using var tmp = new TempDir();
        using var writer = EventWriter.Open(tmp.Path, LogTestData.With(durability));
        Assert.Equal(0, writer.AppendIf(LogTestData.Numbered(0), 0, "anything").StartOffset);
    }

    [Theory]
    [MemberData(nameof(LogTestData.Durabilities), MemberType = typeof(LogTestData))]
    public void Offset_mismatch_conflicts_without_hash_and_without_writing(Durability durability)
    {
        using var tmp = new TempDir();
        using var writer = EventWriter.Open(tmp.Path, LogTestData.With(durability));
        AppendResult r = writer.Append(LogTestData.Numbered(0));
        var ex = Assert.Throws<AppendConflictException>(() => writer.AppendIf(LogTestData.Numbered(1), 0, ""));
        Assert.Equal(0, ex.ExpectedOffset);
        Assert.Equal(r.EndOffset, ex.ActualOffset);
        Assert.Equal("", ex.ExpectedHash);
        Assert.Null(ex.ActualHash);
        Assert.Equal(r.EndOffset, new FileInfo(writer.LogPath).Length);
        Assert.Equal(r.EndOffset, writer.ActiveLogSize);
    }

    [Theory]
    [MemberData(nameof(LogTestData.Durabilities), MemberType = typeof(LogTestData))]
    public void Hash_mismatch_conflicts_with_actual_hash_and_without_writing(Durability durability)
    {
        using var tmp = new TempDir();
        using var writer = EventWriter.Open(tmp.Path, LogTestData.With(durability));
        AppendResult r = writer.Append(LogTestData.Numbered(0));
        var ex = Assert.Throws<AppendConflictException>(() => writer.AppendBatchIf([LogTestData.Numbered(1), LogTestData.Numbered(2)], r.EndOffset, "deadbeefdeadbeef"));
        Assert.Equal(r.EndOffset, ex.ExpectedOffset);
        Assert.Equal(r.EndOffset, ex.ActualOffset);
        Assert.Equal("deadbeefdeadbeef", ex.ExpectedHash);
        Assert.Equal(r.LineHash, ex.ActualHash);
        Assert.Contains("deadbeefdeadbeef", ex.Message);
        Assert.Equal(r.EndOffset, new FileInfo(writer.LogPath).Length);
    }

    [Theory]
    [MemberData(nameof(LogTestData.Durabilities), MemberType = typeof(LogTestData))]
    public void Two_actors_with_the_same_version_second_conflicts(Durability durability)
    {
        using var tmp = new TempDir();
        using var writer = EventWriter.Open(tmp.Path, LogTestData.With(durability));
        AppendResult v = writer.Append(LogTestData.Numbered(0));
        writer.AppendIf(LogTestData.Numbered(1), v.EndOffset, v.LineHash);
        Assert.Throws<AppendConflictException>(() => writer.AppendIf(LogTestData.Numbered(2), v.EndOffset, v.LineHash));
    }

    [Theory]
    [MemberData(nameof(LogTestData.Durabilities), MemberType = typeof(LogTestData))]
    public void AppendIf_result_equals_plain_append_result(Durability durability)
    {
        using var tmp = new TempDir();
        using var a = EventWriter.Open(tmp.Combine("a"), LogTestData.With(durability));
        using var b = EventWriter.Open(tmp.Combine("b"), LogTestData.With(durability));
        AppendResult ra = a.Append(LogTestData.Numbered(0));
        AppendResult rb = b.Append(LogTestData.Numbered(0));
        Assert.Equal(a.Append(LogTestData.Numbered(1)), b.AppendIf(LogTestData.Numbered(1), rb.EndOffset, rb.LineHash));
        Assert.Equal(ra, rb);
    }

    [Theory]
    [InlineData(9_000, Durability.Durable)]
    [InlineData(70_000, Durability.Durable)]
    [InlineData(300_000, Durability.Durable)]
    [InlineData(70_000, Durability.Buffered)]
    public void Long_lines_hash_whole_line_in_memory_after_reopen_and_via_reader(int payload, Durability durability)
    {
        using var tmp = new TempDir();
        AppendResult r;
        using (var writer = EventWriter.Open(tmp.Path, LogTestData.With(durability)))
        {
            writer.Append(LogTestData.Sized(payload, 1));
            r = writer.Append(LogTestData.Sized(payload, 2));
            Assert.Equal(LineHash.Compute(LogTestData.Sized(payload, 2).ToLine()), r.LineHash);
            Assert.Equal(r.LineHash, writer.Reader.ReadLineHashBefore(r.EndOffset));
        }

        using var reopened = EventWriter.Open(tmp.Path, LogTestData.With(durability));
        Assert.Equal(r.LineHash, reopened.LastLineHash);
        AppendResult next = reopened.AppendIf(LogTestData.Sized(payload, 3), r.EndOffset, r.LineHash);
        Assert.Equal(r.EndOffset, next.StartOffset);
        var records = reopened.Reader.ReadFrom(0).ToList();
        Assert.Equal(3, records.Count);
        Assert.Equal(r.LineHash, records[1].LineHash);
        Assert.Equal(next.EndOffset, records[2].EndOffset);
    }
}
