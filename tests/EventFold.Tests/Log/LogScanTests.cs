namespace EventFold.Tests.Log;

public sealed class LogScanTests
{
    /// <summary>
    /// Regression: a rotation truncated app.jsonl between a reader's stat and its backward scan, and
    /// ReadLineHashBefore threw EndOfStreamException out of View.Refresh (seen once in ConcurrentRotationTests).
    /// </summary>
    [Fact]
    public void A_file_that_shrinks_during_the_scan_gives_no_hash_instead_of_throwing()
    {
        using var tmp = new TempDir();
        using var writer = EventWriter.Open(tmp.Path);
        writer.Append(LogTestData.Numbered(0));
        var second = writer.Append(LogTestData.Numbered(1));
        using var stream = DurableFile.OpenReadNoLock(writer.LogPath);
        long staleLength = stream.Length;

        writer.Rotate();   // truncates app.jsonl to 0 behind the handle's back

        Assert.Equal(second.EndOffset, staleLength);
        Assert.Null(LogScan.LineHashBefore(stream.SafeFileHandle, second.EndOffset, staleLength));
    }
}
