using System.Text;
using static EventFold.Tests.Views.TestLogs;

namespace EventFold.Tests.Views;

/// <summary>The Rust crate's integrity_tests: a snapshot that no longer matches the log must never be trusted.</summary>
public sealed class SnapshotIntegrityTests : IDisposable
{
    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    private string LogPath => dir.Combine("app.jsonl");

    private string ViewsDirectory => dir.Combine("views");

    private EventReader Reader => new(dir.Path);

    /// <summary>Appends the values, folds them into the "sum" snapshot, and closes the writer so the file can be edited.</summary>
    private void LogWithSnapshot(params long[] values)
    {
        using EventWriter writer = EventWriter.Open(dir.Path);
        AppendValues(writer, values);
        Sum(writer.ViewsDirectory).Refresh(writer.Reader);
    }

    [Fact]
    public void Valid_snapshot_is_accepted()
    {
        LogWithSnapshot(1, 2, 3, 4, 5);
        View<long> sum = Sum(ViewsDirectory);

        Assert.Equal(15, sum.Refresh(Reader));
        Assert.Equal(0, sum.EventsFoldedLastRefresh);
    }

    [Fact]
    public void Log_truncated_below_the_snapshot_offset_rebuilds()
    {
        LogWithSnapshot(1, 2, 3, 4, 5);
        using (var log = new FileStream(LogPath, FileMode.Open))
        {
            log.SetLength(10);
        }

        View<long> sum = Sum(ViewsDirectory);

        Assert.Equal(0, sum.Refresh(Reader));
        Assert.Equal(0, sum.Offset);
        Assert.False(File.Exists(sum.SnapshotPath)); // the stale snapshot is gone
    }

    [Fact]
    public void Replaced_last_line_rebuilds()
    {
        LogWithSnapshot(1, 2, 3, 4, 5);
        string text = Encoding.UTF8.GetString(Log.LogTestData.ReadAllBytes(LogPath));
        File.WriteAllText(LogPath, text.Replace("{\"n\":5}", "{\"n\":9}", StringComparison.Ordinal));
        Assert.Equal(text.Length, new FileInfo(LogPath).Length); // same size: only the hash can tell

        View<long> sum = Sum(ViewsDirectory);

        Assert.Equal(19, sum.Refresh(Reader));
        Assert.Equal(5, sum.EventsFoldedLastRefresh);
    }

    [Fact]
    public void Emptied_log_rebuilds_to_the_initial_state()
    {
        LogWithSnapshot(1, 2, 3);
        File.WriteAllBytes(LogPath, []);

        Assert.Equal(0, Sum(ViewsDirectory).Refresh(Reader));
    }

    [Fact]
    public void Snapshot_at_offset_zero_is_trusted_as_is()
    {
        using (EventWriter.Open(dir.Path))
        {
        }

        SnapshotFile.Save(Path.Combine(ViewsDirectory, "sum.snapshot.json"), new Snapshot<long>(42, 0, ""));
        View<long> sum = Sum(ViewsDirectory);

        Assert.Equal(42, sum.Refresh(Reader));
    }

    [Fact]
    public void Offset_beyond_the_end_of_the_log_rebuilds()
    {
        LogWithSnapshot(1, 2, 3, 4);
        SnapshotFile.Save(Path.Combine(ViewsDirectory, "sum.snapshot.json"), new Snapshot<long>(1000, 999_999, "0123456789abcdef"));
        View<long> sum = Sum(ViewsDirectory);

        Assert.Equal(10, sum.Refresh(Reader));
        Assert.Equal(4, sum.EventsFoldedLastRefresh);
    }

    [Fact]
    public void Line_inserted_in_the_middle_rebuilds()
    {
        LogWithSnapshot(1, 2, 3);
        string[] lines = Encoding.UTF8.GetString(Log.LogTestData.ReadAllBytes(LogPath)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string inserted = Encoding.UTF8.GetString(N(100).ToLine());
        File.WriteAllText(LogPath, string.Join('\n', [lines[0], inserted, lines[1], lines[2]]) + "\n");

        View<long> sum = Sum(ViewsDirectory);

        Assert.Equal(106, sum.Refresh(Reader));
        Assert.Equal(4, sum.EventsFoldedLastRefresh);
    }

    [Fact]
    public void Ten_append_refresh_cycles_then_reload_is_not_a_false_rebuild()
    {
        using (EventWriter writer = EventWriter.Open(dir.Path))
        {
            View<long> live = Sum(writer.ViewsDirectory);
            for (long i = 1; i <= 10; i++)
            {
                AppendValues(writer, i);
                Assert.Equal(i * (i + 1) / 2, live.Refresh(writer.Reader));
                Assert.Equal(1, live.EventsFoldedLastRefresh);
            }
        }

        View<long> reloaded = Sum(ViewsDirectory);

        Assert.Equal(55, reloaded.Refresh(Reader));
        Assert.Equal(0, reloaded.EventsFoldedLastRefresh);
    }
}
