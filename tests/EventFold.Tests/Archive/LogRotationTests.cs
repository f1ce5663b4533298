using static EventFold.Tests.Views.TestLogs;

namespace EventFold.Tests.Archive;

public sealed class LogRotationTests : IDisposable
{
    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    [Fact]
    public void Rotating_an_empty_log_returns_false_and_creates_no_archive()
    {
        using EventWriter writer = EventWriter.Open(dir.Path);
        View<long> sum = Sum(writer.ViewsDirectory);

        Assert.False(writer.Rotate([sum]));

        Assert.False(File.Exists(writer.ArchivePath));
        Assert.False(File.Exists(RotationJournal.PathIn(writer.Directory)));
    }

    [Fact]
    public void Rotation_moves_the_active_log_into_the_archive_and_resets_views()
    {
        using EventWriter writer = EventWriter.Open(dir.Path);
        View<long> sum = Sum(writer.ViewsDirectory);
        AppendValues(writer, 1, 2, 3, 4, 5);
        byte[] active = Log.LogTestData.ReadAllBytes(writer.LogPath);

        Assert.True(writer.Rotate([sum]));

        Assert.Equal(0, writer.ActiveLogSize);
        Assert.Equal("", writer.LastLineHash);
        Assert.Equal(0, new FileInfo(writer.LogPath).Length);
        using (var decompressor = new ZstdSharp.Decompressor())
        {
            Assert.Equal(active, decompressor.Unwrap(File.ReadAllBytes(writer.ArchivePath)).ToArray());
        }

        Assert.Equal(15, sum.State);
        Assert.Equal((0L, ""), (sum.Offset, sum.Hash));
        Assert.Equal(new Snapshot<long>(15, 0, ""), SnapshotFile.TryLoad<long>(sum.SnapshotPath));
        Assert.False(File.Exists(RotationJournal.PathIn(writer.Directory)));
    }

    [Fact]
    public void Rotation_without_views_keeps_history_in_order()
    {
        using EventWriter writer = EventWriter.Open(dir.Path);
        writer.Append(N(1, "a"));
        writer.Append(N(2, "b"));
        Assert.True(writer.Rotate());
        writer.Append(N(3, "c"));

        Assert.Equal(["a", "b", "c"], HistoryTypes(writer.Reader));
        Assert.Equal(["c"], writer.Reader.ReadFrom(0).Select(r => r.Event.Type));
    }

    [Fact]
    public void Views_keep_folding_after_rotation_and_survive_a_reload()
    {
        using EventWriter writer = EventWriter.Open(dir.Path);
        View<long> sum = Sum(writer.ViewsDirectory);
        AppendValues(writer, 1, 2);
        writer.Rotate([sum]);
        AppendValues(writer, 10);

        Assert.Equal(13, sum.Refresh(writer.Reader));
        Assert.Equal(1, sum.EventsFoldedLastRefresh);

        View<long> reloaded = Sum(writer.ViewsDirectory);
        Assert.Equal(13, reloaded.Refresh(writer.Reader));
        Assert.Equal(0, reloaded.EventsFoldedLastRefresh);

        View<long> fresh = Sum(writer.ViewsDirectory, "fresh");
        Assert.Equal(13, fresh.Refresh(writer.Reader));
        Assert.Equal(3, fresh.EventsFoldedLastRefresh); // archive + active
    }

    [Fact]
    public void Three_rotations_keep_every_event_once()
    {
        using EventWriter writer = EventWriter.Open(dir.Path);
        View<ulong> counter = Counter(writer.ViewsDirectory);
        for (int round = 0; round < 3; round++)
        {
            AppendValues(writer, 1, 1, 1, 1, 1);
            Assert.True(writer.Rotate([counter]));
        }

        Assert.Equal(15, writer.Reader.ReadFull().Count());
        AppendValues(writer, 1, 1, 1);
        Assert.Equal(18, writer.Reader.ReadFull().Count());
        Assert.Equal(18UL, counter.Refresh(writer.Reader));
        Assert.Equal(18UL, Counter(writer.ViewsDirectory, "new").Refresh(writer.Reader));
        Assert.Equal(18UL, Counter(writer.ViewsDirectory).Rebuild(writer.Reader));
    }

    [Fact]
    public void A_view_never_refreshed_in_this_process_is_replayed_after_rotation()
    {
        using EventWriter writer = EventWriter.Open(dir.Path);
        AppendValues(writer, 5, 6);
        View<long> lazy = Sum(writer.ViewsDirectory);

        // Rotation refreshes it first, so its reset snapshot carries the folded state.
        writer.Rotate([lazy]);

        Assert.Equal(11, Sum(writer.ViewsDirectory).Refresh(writer.Reader));
    }

    [Fact]
    public void Rotating_the_rust_golden_log_appends_a_third_frame()
    {
        CopyGoldenLog(dir.Path);
        using EventWriter writer = EventWriter.Open(dir.Path);
        View<ulong> counter = Counter(writer.ViewsDirectory);
        long before = new FileInfo(writer.ArchivePath).Length;

        Assert.True(writer.Rotate([counter]));

        Assert.True(new FileInfo(writer.ArchivePath).Length > before);
        Assert.Equal(["a", "b", "c", "d", "e"], HistoryTypes(writer.Reader));
        Assert.Equal(
            ArchiveFileTests.GoldenArchive.Select(l => l.Hash).Append("397e7efcb3bedc95"),
            ArchiveFile.ReadLines(writer.ArchivePath).Select(l => l.Hash));
        Assert.Equal(5UL, counter.State);
        Assert.Equal(0, counter.EventsFoldedLastRefresh); // the Rust snapshot was valid
    }

    [Fact]
    public void Batches_are_archived_whole_and_read_back_once()
    {
        using EventWriter writer = EventWriter.Open(dir.Path);
        writer.AppendBatch([N(1, "a"), N(2, "b"), N(3, "c")]);
        writer.Rotate();
        writer.AppendBatch([N(4, "d"), N(5, "e")]);

        Assert.Equal(["a", "b", "c", "d", "e"], HistoryTypes(writer.Reader));
        Assert.Equal(15, Sum(writer.ViewsDirectory).Refresh(writer.Reader));
    }

    [Fact]
    public void A_failed_frame_append_is_rolled_back_and_the_writer_stays_usable()
    {
        using EventWriter writer = EventWriter.Open(dir.Path);
        View<long> sum = Sum(writer.ViewsDirectory);
        AppendValues(writer, 1, 2);
        Directory.CreateDirectory(writer.ArchivePath); // the archive cannot be opened as a file

        Assert.ThrowsAny<Exception>(() => writer.Rotate([sum]));

        Assert.False(File.Exists(RotationJournal.PathIn(writer.Directory)));
        Assert.Equal(2, writer.Reader.ReadFrom(0).Count());
        AppendValues(writer, 3);
        Directory.Delete(writer.ArchivePath);
        Assert.True(writer.Rotate([sum]));
        Assert.Equal(6, sum.Refresh(writer.Reader));
        Assert.Equal(3, writer.Reader.ReadFull().Count());
    }
}
