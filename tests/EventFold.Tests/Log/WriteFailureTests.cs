namespace EventFold.Tests.Log;

public sealed class WriteFailureTests
{
    [Fact]
    public void Failed_write_is_truncated_back_and_the_writer_stays_usable()
    {
        using var tmp = new TempDir();
        using var writer = EventWriter.Open(tmp.Path);
        AppendResult first = writer.Append(LogTestData.Numbered(0));
        writer.AfterWriteForTesting = _ => throw new IOException("No space left on device (simulated)");
        var ex = Assert.Throws<AppendFailedException>(() => writer.AppendBatch([LogTestData.Numbered(1), LogTestData.Numbered(2)]));
        Assert.Equal(writer.LogPath, ex.FilePath);
        Assert.Equal(first.EndOffset, ex.Offset);
        Assert.False(ex.WriterFaulted);
        Assert.Contains($"offset {first.EndOffset}", ex.Message);
        Assert.IsAssignableFrom<EventFoldException>(ex);
        Assert.Equal(first.EndOffset, new FileInfo(writer.LogPath).Length);
        Assert.Equal(first.EndOffset, writer.ActiveLogSize);
        Assert.Equal(first.LineHash, writer.LastLineHash);

        writer.AfterWriteForTesting = null;
        AppendResult next = writer.AppendIf(LogTestData.Numbered(3), first.EndOffset, first.LineHash);
        Assert.Equal(first.EndOffset, next.StartOffset);
        Assert.Equal([0, 3], writer.Reader.ReadFrom(0).Select(r => r.Event.DataInt()));
    }

    [Fact]
    public void Write_to_a_full_device_fails_typed_and_faults_the_writer_when_truncation_is_impossible()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // /dev/full is Linux-specific
        }

        using var tmp = new TempDir();
        File.CreateSymbolicLink(tmp.Combine("app.jsonl"), "/dev/full");
        using var writer = EventWriter.Open(tmp.Path);
        var ex = Assert.Throws<AppendFailedException>(() => writer.Append(LogTestData.Numbered(1)));
        Assert.Equal(0, ex.Offset);
        Assert.True(ex.WriterFaulted);
        Assert.NotNull(ex.InnerException);
        Assert.Throws<EventFoldException>(() => writer.Append(LogTestData.Numbered(2)));
    }
}
