using System.Text;
using Xunit;

namespace EventFold.Tests.Log;

/// <summary>
/// The writer's half of group commit: several commands' batches in one write, flushed later, and what a failed flush
/// does (every unsynced batch cut off, the writer faulted, acknowledged bytes kept).
/// </summary>
public sealed class GroupWriteTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Batches_written_in_one_write_each_stay_a_framed_batch_of_their_own()
    {
        using (var writer = EventWriter.Open(_dir.Path))
        {
            var results = writer.WriteBatchesUnsynced([Events("a", 2), Events("b", 1), Events("c", 3)], 0, "");
            writer.SyncUnsynced();

            Assert.Equal(3, results.Length);
            Assert.Equal(0, results[0].StartOffset);
            Assert.Equal(results[0].EndOffset, results[1].StartOffset);
            Assert.Equal(results[1].EndOffset, results[2].StartOffset);
            Assert.Equal(writer.ActiveLogSize, results[2].EndOffset);
            Assert.Equal(writer.LastLineHash, results[2].LineHash);
            Assert.False(writer.HasUnsynced);
        }

        // Each batch's last line carries no batch_rest: a crash after batch b keeps a and b whole.
        var lines = File.ReadAllLines(LogPaths.Log(_dir.Path));
        Assert.Equal([true, false, false, true, true, false], lines.Select(l => l.Contains("\"batch_rest\"", StringComparison.Ordinal)));

        Assert.Equal(["a", "a", "b", "c", "c", "c"], new EventReader(_dir.Path).ReadFrom(0).Select(r => r.Event.Type));
    }

    [Fact]
    public void A_group_write_at_a_stale_version_writes_nothing()
    {
        using var writer = EventWriter.Open(_dir.Path);
        writer.Append(Events("x", 1)[0]);
        var size = writer.ActiveLogSize;

        Assert.Throws<AppendConflictException>(() => writer.WriteBatchesUnsynced([Events("a", 1)], 0, ""));
        Assert.Equal(size, new FileInfo(writer.LogPath).Length);
        Assert.False(writer.HasUnsynced);
    }

    [Fact]
    public void A_failed_group_flush_cuts_off_every_unsynced_batch_and_faults_the_writer()
    {
        long acknowledged;
        using (var writer = EventWriter.Open(_dir.Path))
        {
            writer.Append(Events("kept", 1)[0]);
            acknowledged = writer.ActiveLogSize;
            writer.WriteBatchesUnsynced([Events("a", 2), Events("b", 1)], acknowledged, writer.LastLineHash);
            Assert.True(writer.HasUnsynced);

            writer.FailUnsynced();

            Assert.Equal(acknowledged, new FileInfo(writer.LogPath).Length);
            Assert.Throws<EventFoldException>(() => writer.Append(Events("late", 1)[0]));
        }

        using (var reopened = EventWriter.Open(_dir.Path))
        {
            Assert.Equal(acknowledged, reopened.ActiveLogSize);
        }

        Assert.Equal(["kept"], new EventReader(_dir.Path).ReadFrom(0).Select(r => r.Event.Type));
    }

    [Fact]
    public void A_buffered_group_write_is_acknowledged_and_never_cut_off_by_a_later_failed_flush()
    {
        using var writer = EventWriter.Open(_dir.Path, new EventWriterOptions { Durability = Durability.Buffered });
        var buffered = writer.WriteBatchesUnsynced([Events("buffered", 2)], 0, "", durable: false);
        Assert.False(writer.HasUnsynced);

        writer.WriteBatchesUnsynced([Events("durable", 1)], buffered[0].EndOffset, buffered[0].LineHash);
        writer.FailUnsynced();

        Assert.Equal(buffered[0].EndOffset, new FileInfo(writer.LogPath).Length);
        Assert.Equal(["buffered", "buffered"], new EventReader(_dir.Path).ReadFrom(0).Select(r => r.Event.Type));
    }

    private static Event[] Events(string type, int count) =>
        [.. Enumerable.Range(0, count).Select(i => new Event(type, Encoding.UTF8.GetBytes($"{{\"i\":{i}}}"), 1))];
}
