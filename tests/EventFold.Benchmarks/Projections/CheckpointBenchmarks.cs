using System.Diagnostics;
using System.Text.Json;
using EventFold.Benchmarks.Harness;
using EventFold.Orleans.Projections;
using EventFold.Orleans.Reading;

namespace EventFold.Benchmarks.Projections;

/// <summary>
/// Row P5: <see cref="ProjectionCheckpointStore"/> saves with 1,000 and 100,000 followed streams, outside Orleans: a save
/// that moved 10 cursors (appends 10 journal lines, replaces <c>state.json</c>) beside a full save (a fresh journal of
/// every cursor, as the first save and every compaction write).
/// </summary>
public static class CheckpointBenchmarks
{
    private const int Moved = 10;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { IncludeFields = true };

    public static void Run(Options options, ResultTable table, TempDir temp)
    {
        foreach (var streams in new[] { 1_000, 100_000 })
        {
            var cursors = new Dictionary<StreamKey, StreamCursor>(streams);
            for (var i = 0; i < streams; i++)
            {
                cursors[new StreamKey("bench-bulk", $"stream-{i:D6}")] = Cursor(1000, i);
            }

            var state = new CountState(streams * 1000L, streams * 1000L);
            var keys = cursors.Keys.ToArray();
            var fullSaves = streams >= 100_000 ? 3 : 20;
            var incremental = new ProjectionCheckpointStore(temp.Sub($"checkpoint-{streams}-incremental"), "bench-bulk", 1, Json);
            incremental.Save(state, cursors, keys);
            var next = 0;
            var version = 1000L;
            var (few, full) = SideBySide.Run(
                options.Rounds,
                () =>
                {
                    var times = new List<double>();
                    for (var s = 0; s < 20; s++)
                    {
                        version++;
                        var moved = new StreamKey[Moved];
                        for (var m = 0; m < Moved; m++)
                        {
                            moved[m] = keys[next++ % keys.Length];
                            cursors[moved[m]] = Cursor(version, m);
                        }

                        var t = Stopwatch.GetTimestamp();
                        incremental.Save(state, cursors, moved);
                        times.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                    }

                    return Stats.Median(times);
                },
                () =>
                {
                    var times = new List<double>();
                    for (var s = 0; s < fullSaves; s++)
                    {
                        var directory = temp.Sub($"checkpoint-{streams}-full-{Guid.NewGuid():N}");
                        var fresh = new ProjectionCheckpointStore(directory, "bench-bulk", 1, Json);
                        var t = Stopwatch.GetTimestamp();
                        fresh.Save(state, cursors, keys);
                        times.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                        Directory.Delete(directory, recursive: true);
                    }

                    return Stats.Median(times);
                });
            table.Add(new ResultRow($"P5 {streams / 1000}k", $"checkpoint save, {streams:N0} streams, {Moved} cursors moved", few, "ms",
                "full save (fresh cursor journal)", full, LowerIsBetter: true));

            var load = new List<double>();
            for (var i = 0; i < 3; i++)
            {
                var t = Stopwatch.GetTimestamp();
                var loaded = new ProjectionCheckpointStore(incremental.Directory, "bench-bulk", 1, Json).Load<CountState>();
                load.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                if (!loaded.Found || loaded.Cursors!.Count != streams)
                {
                    throw new InvalidOperationException($"checkpoint load found {loaded.Cursors?.Count} cursors, expected {streams}");
                }
            }

            table.Add(new ResultRow($"P5 {streams / 1000}k load", $"  checkpoint load (activation), {streams:N0} streams", Stats.Median(load), "ms"));
        }
    }

    private static StreamCursor Cursor(long version, int salt) => new(version, version * 180, (0x9E3779B97F4A7C15UL * (ulong)(salt + 1) + (ulong)version).ToString("x16"));
}
