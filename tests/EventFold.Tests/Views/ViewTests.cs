using EventFold.Tests.Fixtures;
using static EventFold.Tests.Views.TestLogs;

namespace EventFold.Tests.Views;

public sealed class ViewTests : IDisposable
{
    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    private string ViewsDirectory => dir.Combine("views");

    [Fact]
    public void Rust_golden_snapshot_is_accepted_and_nothing_is_refolded()
    {
        CopyGoldenLog(dir.Path);
        var reader = new EventReader(dir.Path);
        View<ulong> counter = Counter(ViewsDirectory);

        Assert.Equal(5UL, counter.Refresh(reader));

        Assert.Equal(0, counter.EventsFoldedLastRefresh);
        Assert.Equal(38, counter.Offset);
        Assert.Equal("397e7efcb3bedc95", counter.Hash);
    }

    [Fact]
    public void Rebuilding_the_golden_log_reproduces_the_rust_snapshot_byte_for_byte()
    {
        CopyGoldenLog(dir.Path);
        View<ulong> counter = Counter(ViewsDirectory);

        Assert.Equal(5UL, counter.Rebuild(new EventReader(dir.Path)));

        Assert.Equal(5, counter.EventsFoldedLastRefresh);
        Assert.Equal(
            File.ReadAllBytes(Path.Combine(Vectors.GoldenLog, "views", "counter.snapshot.json")),
            File.ReadAllBytes(counter.SnapshotPath));
    }

    [Fact]
    public void Fresh_view_on_an_empty_log_keeps_the_initial_state_and_writes_nothing()
    {
        using EventWriter writer = EventWriter.Open(dir.Path);
        View<long> sum = Sum(writer.ViewsDirectory);

        Assert.Equal(0, sum.Refresh(writer.Reader));

        Assert.Equal(0, sum.Offset);
        Assert.Equal("", sum.Hash);
        Assert.False(File.Exists(sum.SnapshotPath));
    }

    [Fact]
    public void Incremental_refresh_folds_only_new_events()
    {
        using EventWriter writer = EventWriter.Open(dir.Path);
        View<long> sum = Sum(writer.ViewsDirectory);
        AppendValues(writer, 1, 2, 3);
        Assert.Equal(6, sum.Refresh(writer.Reader));
        Assert.Equal(3, sum.EventsFoldedLastRefresh);

        AppendValues(writer, 10, 20);

        Assert.Equal(36, sum.Refresh(writer.Reader));
        Assert.Equal(2, sum.EventsFoldedLastRefresh);
        Assert.Equal(writer.ActiveLogSize, sum.Offset);
        Assert.Equal(writer.LastLineHash, sum.Hash);
    }

    [Fact]
    public void Refresh_without_new_events_does_not_write_the_snapshot()
    {
        using EventWriter writer = EventWriter.Open(dir.Path);
        View<long> sum = Sum(writer.ViewsDirectory);
        AppendValues(writer, 1);
        sum.Refresh(writer.Reader);
        File.Delete(sum.SnapshotPath);

        sum.Refresh(writer.Reader);

        Assert.Equal(0, sum.EventsFoldedLastRefresh);
        Assert.False(File.Exists(sum.SnapshotPath));
    }

    [Fact]
    public void A_new_instance_loads_the_snapshot_and_folds_only_the_tail()
    {
        using EventWriter writer = EventWriter.Open(dir.Path);
        AppendValues(writer, 1, 2, 3, 4, 5);
        Sum(writer.ViewsDirectory).Refresh(writer.Reader);
        AppendValues(writer, 100, 200);

        View<long> reloaded = Sum(writer.ViewsDirectory);

        Assert.Equal(315, reloaded.Refresh(writer.Reader));
        Assert.Equal(2, reloaded.EventsFoldedLastRefresh);
    }

    [Fact]
    public void Rebuild_equals_refresh_and_rewrites_the_snapshot()
    {
        using EventWriter writer = EventWriter.Open(dir.Path);
        AppendValues(writer, 4, 5, 6);
        View<long> refreshed = Sum(writer.ViewsDirectory, "a");
        View<long> rebuilt = Sum(writer.ViewsDirectory, "b");
        refreshed.Refresh(writer.Reader);
        rebuilt.Refresh(writer.Reader);
        File.WriteAllText(rebuilt.SnapshotPath + ".tmp", "junk");

        Assert.Equal(refreshed.Refresh(writer.Reader), rebuilt.Rebuild(writer.Reader));

        Assert.Equal(3, rebuilt.EventsFoldedLastRefresh);
        Assert.Equal((refreshed.Offset, refreshed.Hash), (rebuilt.Offset, rebuilt.Hash));
        Assert.Equal(new Snapshot<long>(15, refreshed.Offset, refreshed.Hash), SnapshotFile.TryLoad<long>(rebuilt.SnapshotPath));
        Assert.False(File.Exists(rebuilt.SnapshotPath + ".tmp"));
    }

    [Fact]
    public void Two_views_keep_separate_snapshots()
    {
        using EventWriter writer = EventWriter.Open(dir.Path);
        AppendValues(writer, 7, 8);
        View<long> sum = Sum(writer.ViewsDirectory);
        View<ulong> counter = Counter(writer.ViewsDirectory);

        Assert.Equal(15, sum.Refresh(writer.Reader));
        Assert.Equal(2UL, counter.Refresh(writer.Reader));

        Assert.NotEqual(sum.SnapshotPath, counter.SnapshotPath);
        Assert.Equal(15, SnapshotFile.TryLoad<long>(sum.SnapshotPath)!.State);
        Assert.Equal(2UL, SnapshotFile.TryLoad<ulong>(counter.SnapshotPath)!.State);
    }

    [Fact]
    public void A_throwing_reducer_leaves_the_previous_state_and_position()
    {
        using EventWriter writer = EventWriter.Open(dir.Path);
        var view = new View<long>("picky", writer.ViewsDirectory, 0, (s, e) =>
            e.Type == "boom" ? throw new InvalidOperationException("no") : s + ValueOf(e));
        AppendValues(writer, 1, 2);
        view.Refresh(writer.Reader);
        (long offset, string hash) = (view.Offset, view.Hash);
        AppendValues(writer, 3);
        writer.Append(N(4, type: "boom"));

        Assert.Throws<InvalidOperationException>(() => view.Refresh(writer.Reader));

        Assert.Equal(3, view.State);
        Assert.Equal((offset, hash), (view.Offset, view.Hash));
        Assert.Equal(new Snapshot<long>(3, offset, hash), SnapshotFile.TryLoad<long>(view.SnapshotPath));
    }

    [Fact]
    public void Corrupt_snapshot_file_means_a_full_replay()
    {
        using EventWriter writer = EventWriter.Open(dir.Path);
        AppendValues(writer, 1, 2, 3);
        View<long> first = Sum(writer.ViewsDirectory);
        first.Refresh(writer.Reader);
        File.WriteAllText(first.SnapshotPath, "{\"state\": 6, \"offs");

        View<long> reloaded = Sum(writer.ViewsDirectory);

        Assert.Equal(6, reloaded.Refresh(writer.Reader));
        Assert.Equal(3, reloaded.EventsFoldedLastRefresh);
    }

    [Fact]
    public void Full_replay_stops_its_offset_at_the_last_complete_line_not_at_a_torn_tail()
    {
        long end;
        using (EventWriter writer = EventWriter.Open(dir.Path))
        {
            AppendValues(writer, 1, 2);
            end = writer.ActiveLogSize;
        }

        Log.LogTestData.AppendRaw(Path.Combine(dir.Path, "app.jsonl"), "{\"type\":\"torn\",\"da");
        View<long> sum = Sum(ViewsDirectory);

        Assert.Equal(3, sum.Refresh(new EventReader(dir.Path)));

        Assert.Equal(end, sum.Offset); // Rust would store the stat size and skip whatever completes the torn line
    }

    [Fact]
    public void Snapshot_after_a_line_longer_than_8_KiB_is_not_rebuilt_on_reload()
    {
        using EventWriter writer = EventWriter.Open(dir.Path);
        writer.Append(N(1));
        writer.Append(new Event("long", System.Text.Encoding.UTF8.GetBytes($"{{\"n\":2,\"pad\":\"{new string('x', 10_000)}\"}}"), 1));
        Sum(writer.ViewsDirectory).Refresh(writer.Reader);

        View<long> reloaded = Sum(writer.ViewsDirectory);

        // Rust hashes only the last 8 KiB of the line here, never matches, and silently rebuilds on every load.
        Assert.Equal(3, reloaded.Refresh(writer.Reader));
        Assert.Equal(0, reloaded.EventsFoldedLastRefresh);
    }

    [Fact]
    public void A_view_not_registered_in_a_rotation_notices_it_and_replays()
    {
        using EventWriter writer = EventWriter.Open(dir.Path);
        var outsider = new View<long>("outsider", writer.ViewsDirectory, 0, (s, e) => s + ValueOf(e));
        AppendValues(writer, 1, 2, 3);
        Assert.Equal(6, outsider.Refresh(new EventReader(dir.Path)));

        writer.Rotate(); // another party rotates without this view
        AppendValues(writer, 1000, 2000, 3000, 4000);

        // Rust would continue at the stale offset inside the new app.jsonl.
        Assert.Equal(10_006, outsider.Refresh(new EventReader(dir.Path)));
        Assert.Equal(7, outsider.EventsFoldedLastRefresh);
        Assert.Equal(writer.ActiveLogSize, outsider.Offset);
    }

    [Fact]
    public void A_view_at_offset_zero_does_not_miss_events_rotated_away_by_another_party()
    {
        using EventWriter writer = EventWriter.Open(dir.Path);
        var outsider = new View<long>("outsider", writer.ViewsDirectory, 0, (s, e) => s + ValueOf(e));
        AppendValues(writer, 1, 2);
        writer.Rotate();
        Assert.Equal(3, outsider.Refresh(new EventReader(dir.Path)));
        Assert.Equal(0, outsider.Offset); // everything came from the archive

        AppendValues(writer, 10);
        writer.Rotate(); // 10 moves to the archive without this view seeing it
        AppendValues(writer, 100);

        Assert.Equal(113, outsider.Refresh(new EventReader(dir.Path)));
    }

    [Fact]
    public void Identical_lines_after_a_rotation_seen_mid_way_do_not_fool_the_position_check()
    {
        using (EventWriter writer = EventWriter.Open(dir.Path))
        {
            AppendValues(writer, 1, 1, 1);
        }

        string log = dir.Combine("app.jsonl");
        byte[] active = Log.LogTestData.ReadAllBytes(log);
        byte[] frame = ArchiveFile.CompressFrame(active);
        var reader = new EventReader(dir.Path);
        new RotationJournal(0, frame.Length, active.Length, reader.ReadLineHashBefore(active.Length)!).Write(dir.Path);
        File.WriteAllBytes(dir.Combine(ArchiveFile.FileName), frame);
        View<ulong> counter = Counter(ViewsDirectory);

        Assert.Equal(3UL, counter.Refresh(reader)); // mid-rotation: frame written, app.jsonl not yet truncated

        File.WriteAllBytes(log, []);
        RotationJournal.Delete(dir.Path);
        File.WriteAllBytes(log, active); // same bytes again: same size, same last-line hash

        Assert.Equal(6UL, counter.Refresh(reader));
    }

    [Fact]
    public void Reset_after_rotation_of_a_view_that_never_refreshed_deletes_its_snapshot()
    {
        using EventWriter writer = EventWriter.Open(dir.Path);
        AppendValues(writer, 1, 2);
        Sum(writer.ViewsDirectory).Refresh(writer.Reader);
        View<long> cold = Sum(writer.ViewsDirectory);

        cold.ResetAfterRotation();

        Assert.False(File.Exists(cold.SnapshotPath)); // an offset-0 snapshot of the initial state would be wrong
        Assert.Equal(3, cold.Refresh(writer.Reader));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("..")]
    public void Names_that_are_not_plain_file_stems_are_rejected(string name)
    {
        Assert.ThrowsAny<ArgumentException>(() => new View<int>(name, ViewsDirectory, 0, (s, _) => s));
    }
}
