using static EventFold.Tests.Views.TestLogs;

namespace EventFold.Tests.Archive;

/// <summary>
/// A crash at every step of a rotation, simulated by leaving the files as the crash would, then reopening the writer:
/// every event must be there exactly once (Rust duplicates the rotated events when it crashes before truncating).
/// </summary>
public sealed class RotationCrashTests : IDisposable
{
    private static readonly string[] History = ["p", "p", "e", "e", "e", "e", "e"];

    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    private string LogPath => dir.Combine("app.jsonl");

    private string ArchivePath => dir.Combine(ArchiveFile.FileName);

    private string ViewsDirectory => dir.Combine("views");

    /// <summary>
    /// One real rotation (archive holds p,p), then five events in app.jsonl folded into the "sum" snapshot; returns
    /// what the interrupted second rotation would have written.
    /// </summary>
    private Interrupted Prepare(bool withEarlierArchive = true)
    {
        using (EventWriter writer = EventWriter.Open(dir.Path))
        {
            if (withEarlierArchive)
            {
                writer.Append(N(1, "p"));
                writer.Append(N(2, "p"));
                writer.Rotate();
            }

            foreach (long n in new long[] { 10, 20, 30, 40, 50 })
            {
                writer.Append(N(n, "e"));
            }

            Sum(writer.ViewsDirectory).Refresh(writer.Reader);
        }

        byte[] active = Log.LogTestData.ReadAllBytes(LogPath); // no LOCK_SH: see LogTestData
        long before = ArchiveFile.Length(ArchivePath);
        byte[] frame = ArchiveFile.CompressFrame(active);
        var journal = new RotationJournal(before, frame.Length, active.Length, new EventReader(dir.Path).ReadLineHashBefore(active.Length)!);
        return new Interrupted(active, before, frame, journal);
    }

    private void AppendToArchive(byte[] bytes)
    {
        using var archive = new FileStream(ArchivePath, FileMode.Append);
        archive.Write(bytes);
    }

    private long ExpectedSum(bool withEarlierArchive) => (withEarlierArchive ? 3 : 0) + 150;

    private void AssertRecovered(Interrupted crash, bool rolledBack, bool withEarlierArchive = true)
    {
        using (EventWriter writer = EventWriter.Open(dir.Path))
        {
            Assert.False(File.Exists(RotationJournal.PathIn(dir.Path)));
            Assert.Equal(withEarlierArchive ? History : History[2..], HistoryTypes(writer.Reader));
            Assert.Equal(rolledBack ? crash.Active.Length : 0, writer.ActiveLogSize);
            long expectedArchive = crash.Before + (rolledBack ? 0 : crash.Frame.Length);
            Assert.Equal(expectedArchive, ArchiveFile.Length(ArchivePath));
            Assert.Equal(ExpectedSum(withEarlierArchive), Sum(writer.ViewsDirectory).Refresh(writer.Reader));
        }

        using (EventWriter again = EventWriter.Open(dir.Path))
        {
            Assert.Equal(withEarlierArchive ? History : History[2..], HistoryTypes(again.Reader));
        }
    }

    [Fact]
    public void Crash_after_writing_the_journal_rolls_back()
    {
        Interrupted crash = Prepare();
        crash.Journal.Write(dir.Path);

        AssertRecovered(crash, rolledBack: true);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(10)]
    [InlineData(-1)]
    public void Crash_during_the_frame_append_cuts_the_partial_frame(int written)
    {
        Interrupted crash = Prepare();
        crash.Journal.Write(dir.Path);
        AppendToArchive(crash.Frame[..(written > 0 ? written : crash.Frame.Length + written)]);

        AssertRecovered(crash, rolledBack: true);
    }

    [Fact]
    public void Crash_after_the_frame_but_before_truncation_does_not_duplicate()
    {
        Interrupted crash = Prepare();
        crash.Journal.Write(dir.Path);
        AppendToArchive(crash.Frame);

        // A reader meanwhile (no writer open) must not see the rotated events twice either.
        Assert.Equal(History, HistoryTypes(new EventReader(dir.Path)));

        AssertRecovered(crash, rolledBack: true);
        View<long> reloaded = Sum(ViewsDirectory);
        Assert.Equal(153, reloaded.Refresh(new EventReader(dir.Path)));
        Assert.Equal(0, reloaded.EventsFoldedLastRefresh); // the snapshot stayed valid: nothing moved
    }

    [Fact]
    public void Crash_after_truncation_completes_the_rotation_and_stale_views_rebuild()
    {
        Interrupted crash = Prepare();
        crash.Journal.Write(dir.Path);
        AppendToArchive(crash.Frame);
        File.WriteAllBytes(LogPath, []);

        AssertRecovered(crash, rolledBack: false);
    }

    [Fact]
    public void Crash_after_the_view_reset_only_deletes_the_journal()
    {
        Interrupted crash = Prepare();
        crash.Journal.Write(dir.Path);
        AppendToArchive(crash.Frame);
        File.WriteAllBytes(LogPath, []);
        SnapshotFile.Save(Path.Combine(ViewsDirectory, "sum.snapshot.json"), new Snapshot<long>(153, 0, ""));

        AssertRecovered(crash, rolledBack: false);
        View<long> reloaded = Sum(ViewsDirectory);
        Assert.Equal(153, reloaded.Refresh(new EventReader(dir.Path)));
        Assert.Equal(0, reloaded.EventsFoldedLastRefresh);
    }

    [Fact]
    public void Interrupted_first_rotation_leaves_no_archive_file()
    {
        Interrupted crash = Prepare(withEarlierArchive: false);
        crash.Journal.Write(dir.Path);
        AppendToArchive(crash.Frame[..5]);

        AssertRecovered(crash, rolledBack: true, withEarlierArchive: false);
        Assert.False(File.Exists(ArchivePath));
    }

    [Fact]
    public void Events_appended_after_a_failed_rotation_are_kept_when_it_is_rolled_back()
    {
        Interrupted crash = Prepare();
        crash.Journal.Write(dir.Path);
        AppendToArchive(crash.Frame);
        Log.LogTestData.AppendRaw(LogPath, System.Text.Encoding.UTF8.GetString(N(7, "late").ToLine()) + "\n");

        using EventWriter writer = EventWriter.Open(dir.Path);

        Assert.Equal([.. History, "late"], HistoryTypes(writer.Reader));
        Assert.Equal(crash.Before, ArchiveFile.Length(ArchivePath));
    }

    [Fact]
    public void Truncated_active_log_with_an_incomplete_frame_is_reported_not_guessed()
    {
        Interrupted crash = Prepare();
        crash.Journal.Write(dir.Path);
        AppendToArchive(crash.Frame[..(crash.Frame.Length / 2)]);
        File.WriteAllBytes(LogPath, []);

        var error = Assert.Throws<CorruptArchiveException>(() => EventWriter.Open(dir.Path).Dispose());

        Assert.Equal(ArchivePath, error.FilePath);
        Assert.True(File.Exists(RotationJournal.PathIn(dir.Path))); // evidence kept for a human
    }

    [Fact]
    public void Garbage_journal_is_reported()
    {
        Prepare();
        File.WriteAllText(RotationJournal.PathIn(dir.Path), "{\"archiveSizeBefore\":");

        Assert.Throws<CorruptArchiveException>(() => EventWriter.Open(dir.Path).Dispose());
    }

    private sealed record Interrupted(byte[] Active, long Before, byte[] Frame, RotationJournal Journal);
}
