using System.Diagnostics;
using System.Text.Json;
using EventFold.Orleans.Projections;
using EventFold.Orleans.Reading;
using EventFold.Orleans.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace EventFold.Orleans.Tests.Projections;

public sealed class ProjectionCheckpointStoreTests(ITestOutputHelper output)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public void With_100000_streams_a_save_appends_only_the_cursors_that_moved()
    {
        using var dir = new TempDirectory();
        var store = new ProjectionCheckpointStore(Path.Combine(dir.Path, "p"), "p", 1, Json);
        var cursors = new Dictionary<StreamKey, StreamCursor>();
        for (var i = 0; i < 100_000; i++)
        {
            cursors[new StreamKey("ledger", $"acc-{i}")] = new StreamCursor(3, 300, "00000000000000aa");
        }

        var started = Stopwatch.GetTimestamp();
        store.Save(42L, cursors, cursors.Keys);
        var full = Stopwatch.GetElapsedTime(started);
        var journal = Assert.Single(Directory.GetFiles(store.Directory, "cursors-*.jsonl"));
        var before = new FileInfo(journal).Length;

        var moved = Enumerable.Range(0, 10).Select(i => new StreamKey("ledger", $"acc-{i * 7}")).ToList();
        foreach (var key in moved)
        {
            cursors[key] = new StreamCursor(4, 400, "00000000000000bb");
        }

        started = Stopwatch.GetTimestamp();
        store.Save(43L, cursors, moved);
        var incremental = Stopwatch.GetElapsedTime(started);
        output.WriteLine($"checkpoint of 100,000 cursors: full {full.TotalMilliseconds:F1} ms, 10 moved {incremental.TotalMilliseconds:F1} ms");

        Assert.Equal(before, new FileInfo(journal).Length - File.ReadAllLines(journal).Skip(100_000).Sum(l => l.Length + 1));
        Assert.Equal(100_010, File.ReadAllLines(journal).Length);

        var loaded = new ProjectionCheckpointStore(store.Directory, "p", 1, Json).Load<long>();
        Assert.Equal(43L, loaded.State);
        Assert.Equal(100_000, loaded.Cursors!.Count);
        Assert.Equal(new StreamCursor(4, 400, "00000000000000bb"), loaded.Cursors[new StreamKey("ledger", "acc-7")]);
        Assert.Equal(new StreamCursor(3, 300, "00000000000000aa"), loaded.Cursors[new StreamKey("ledger", "acc-8")]);
    }

    [Fact]
    public void Cursor_lines_of_a_save_that_crashed_before_its_state_file_are_ignored_and_cut_off()
    {
        using var dir = new TempDirectory();
        var store = new ProjectionCheckpointStore(Path.Combine(dir.Path, "p"), "p", 1, Json);
        var key = new StreamKey("ledger", "a");
        var cursors = new Dictionary<StreamKey, StreamCursor> { [key] = new(1, 10, "h1") };
        store.Save("one", cursors, [key]);
        var journal = Assert.Single(Directory.GetFiles(store.Directory, "cursors-*.jsonl"));

        // A later save wrote its cursor line and crashed before replacing state.json (and left a torn line too).
        File.AppendAllText(journal, "{\"t\":\"ledger\",\"i\":\"a\",\"v\":2,\"o\":20,\"h\":\"h2\"}\n{\"t\":\"led");

        var reloaded = new ProjectionCheckpointStore(store.Directory, "p", 1, Json);
        var loaded = reloaded.Load<string>();
        Assert.Equal("one", loaded.State);
        Assert.Equal(new StreamCursor(1, 10, "h1"), loaded.Cursors![key]);

        cursors[key] = new StreamCursor(3, 30, "h3");
        reloaded.Save("three", cursors, [key]);
        Assert.Equal(2, File.ReadAllLines(journal).Length);
        var last = new ProjectionCheckpointStore(store.Directory, "p", 1, Json).Load<string>();
        Assert.Equal("three", last.State);
        Assert.Equal(new StreamCursor(3, 30, "h3"), last.Cursors![key]);
    }

    [Fact]
    public void A_long_journal_is_compacted_into_a_fresh_file_and_the_old_one_removed()
    {
        using var dir = new TempDirectory();
        var store = new ProjectionCheckpointStore(Path.Combine(dir.Path, "p"), "p", 1, Json, compactAfterExtraLines: 8);
        var key = new StreamKey("stock", "s");
        var cursors = new Dictionary<StreamKey, StreamCursor>();
        for (var v = 1; v <= 30; v++)
        {
            cursors[key] = new StreamCursor(v, v * 10, $"h{v}");
            store.Save(v, cursors, [key]);
        }

        var journal = Assert.Single(Directory.GetFiles(store.Directory, "cursors-*.jsonl"));
        Assert.NotEqual("cursors-1.jsonl", Path.GetFileName(journal));
        Assert.True(File.ReadAllLines(journal).Length < 30);
        var loaded = new ProjectionCheckpointStore(store.Directory, "p", 1, Json).Load<int>();
        Assert.Equal(30, loaded.State);
        Assert.Equal(new StreamCursor(30, 300, "h30"), loaded.Cursors![key]);
        Assert.Contains("version 1", new ProjectionCheckpointStore(store.Directory, "p", 2, Json).Load<int>().RebuildReason);
    }
}
