using System.Diagnostics;
using EventFold.Benchmarks.Core;
using EventFold.Benchmarks.Harness;

namespace EventFold.Benchmarks.Cluster;

/// <summary>
/// Rows G1-G5 (issue 10): the durable write path through grains against the disk's own limit, all in one run.
/// G1 sequential grain vs a raw pwrite+fdatasync loop (interleaved in slices), G2 64 callers on one aggregate vs G1,
/// G3 1,000 aggregates x 64 callers vs 64 raw threads and vs Orleans' LogStorage, G4 the same Buffered vs LogStorage,
/// G5 the first command of a new aggregate vs a later one.
/// </summary>
public sealed class GroupCommitBenchmarks(Options options, ResultTable table)
{
    private const int Aggregates = 1000;
    private const int Callers = 64;
    private const int Slice = 25;

    public async Task RunAsync()
    {
        using var temp = new TempDir("groupcommit");
        await using (var durable = await SiloHost.StartAsync(temp.Sub("store-durable"), Durability.Durable))
        {
            if (options.Runs("G1") || options.Runs("G2"))
            {
                await SequentialAsync(durable, temp);
            }

            if (options.Runs("G2"))
            {
                await OneAggregateConcurrentAsync(durable);
            }

            if (options.Runs("G3"))
            {
                await ManyAggregatesAsync(durable, temp, "G3", withRaw: true);
            }

            if (options.Runs("G5"))
            {
                await FirstCommandAsync(durable);
            }
        }

        if (options.Runs("G3e"))
        {
            // The same G3 load with the other group sync mode: parallel fdatasyncs instead of one syncfs per round.
            EventFold.Orleans.Store.EventFoldStore.DefaultGroupSyncMode = EventFold.GroupSyncMode.EachFile;
            await using (var eachFile = await SiloHost.StartAsync(temp.Sub("store-eachfile"), Durability.Durable))
            {
                await ManyAggregatesAsync(eachFile, temp, "G3e", withRaw: true, label: "durable, parallel fdatasyncs");
            }

            EventFold.Orleans.Store.EventFoldStore.DefaultGroupSyncMode = EventFold.GroupSyncMode.FileSystem;
        }

        if (options.Runs("G4"))
        {
            await using var buffered = await SiloHost.StartAsync(temp.Sub("store-buffered"), Durability.Buffered);
            await ManyAggregatesAsync(buffered, temp, "G4", withRaw: false);
        }
    }

    /// <summary>
    /// G1: one aggregate, one caller, against the raw loop of the same bytes, interleaved every 25 commands; G1s the same
    /// with the committer's spin switched off; G1h the bare hand-off to a flushing thread with no grain (the floor of
    /// flushing off the caller's thread). The three rotate round by round, each against its own raw loop.
    /// </summary>
    private async Task SequentialAsync(SiloHost silo, TempDir temp)
    {
        var count = options.Count(400, 150);
        var lines = SampleEvents.Lines(SampleEvents.Create(count));
        var committer = silo.Store.Committer;
        var spin = committer.SpinBeforeSleep;
        var sides = new[] { new SequentialSide("G1", spin), new SequentialSide("G1s", TimeSpan.Zero), new SequentialSide("G1h", spin, HandOff: true) };
        for (var round = 0; round <= options.Rounds; round++)
        {
            var measured = round > 0;
            for (var k = 0; k < sides.Length; k++)
            {
                var side = sides[(round + k) % sides.Length];
                committer.SpinBeforeSleep = side.Spin;
                var (g, r) = side.HandOff
                    ? await HandOffRoundAsync(temp, lines, side.Spin, measured ? side.Latencies : null, measured ? side.RawLatencies : null)
                    : await InterleavedRoundAsync(silo, temp, lines, measured ? side.Latencies : null, measured ? side.RawLatencies : null);
                if (measured)
                {
                    side.Grain.Add(g);
                    side.Raw.Add(r);
                }
            }
        }

        committer.SpinBeforeSleep = spin;
        foreach (var side in sides)
        {
            Console.WriteLine($"     {side.Id} rounds: " + string.Join(" ", side.Grain.Select(ResultRow.Fmt)) + " | " + string.Join(" ", side.Raw.Select(ResultRow.Fmt)));
            var label = side.HandOff ? "no grain: bare hand-off of the same write + fdatasync to a flushing thread"
                : side.Spin > TimeSpan.Zero ? "1 aggregate, sequential durable commands" : "1 aggregate, sequential durable commands, committer spin off";
            table.Add(new ResultRow(side.Id, label, Stats.Median(side.Grain), side.HandOff ? "ev/s" : "cmd/s",
                "raw pwrite + fdatasync per line, same bytes", Stats.Median(side.Raw), MinRatio: side.Id == "G1" ? 0.8 : null,
                Note: "interleaved every 25; ratio = median of per-round ratios", PairedRatio: Stats.Median([.. side.Grain.Zip(side.Raw, (a, b) => a / b)])));
            AddLatencies(side.Id, side.HandOff ? "hand-off" : side.Spin > TimeSpan.Zero ? "sequential" : "sequential, spin off", side.Latencies, "raw loop", side.RawLatencies);
        }

        _sequential = Stats.Median(sides[0].Grain);
    }

    /// <summary>One G1 variant's measurements.</summary>
    private sealed record SequentialSide(string Id, TimeSpan Spin, bool HandOff = false)
    {
        public List<double> Latencies { get; } = [];

        public List<double> RawLatencies { get; } = [];

        public List<double> Grain { get; } = [];

        public List<double> Raw { get; } = [];
    }

    private double _sequential;

    /// <summary>G1/G1s: a fresh aggregate's commands, sliced with the raw loop.</summary>
    private static async Task<(double Grain, double Raw)> InterleavedRoundAsync(
        SiloHost silo, TempDir temp, byte[][] lines, List<double>? latencies, List<double>? rawLatencies)
    {
        var grain = silo.Grains.GetGrain<IEventFoldCounter>($"seq-{Guid.NewGuid():N}");
        await grain.Execute(new Increment(1), CommandLoad.NewContext());
        return await SlicedWithRawAsync(temp, lines, _ => grain.Execute(new Increment(1), CommandLoad.NewContext()), latencies, rawLatencies);
    }

    /// <summary>G1h: the same slices with the bare hand-off in the grain's place.</summary>
    private static async Task<(double HandOff, double Raw)> HandOffRoundAsync(
        TempDir temp, byte[][] lines, TimeSpan spin, List<double>? latencies, List<double>? rawLatencies)
    {
        var dir = temp.Sub($"handoff-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        (double HandOff, double Raw) result;
        using (var handOff = new HandOffLoop(Path.Combine(dir, "handoff.jsonl"), spin))
        {
            await handOff.WriteAsync(lines[0]);
            result = await SlicedWithRawAsync(temp, lines, i => handOff.WriteAsync(lines[i]), latencies, rawLatencies);
        }

        Directory.Delete(dir, recursive: true);
        return result;
    }

    /// <summary>
    /// Runs <paramref name="subject"/> for every line and the raw write + fdatasync of the same line, alternating in
    /// slices of 25; returns the rate of each side.
    /// </summary>
    private static async Task<(double Subject, double Raw)> SlicedWithRawAsync(
        TempDir temp, byte[][] lines, Func<int, Task> subject, List<double>? latencies, List<double>? rawLatencies)
    {
        var dir = temp.Sub($"raw-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        long subjectTicks = 0, rawTicks = 0, offset = 0;
        using (var handle = File.OpenHandle(Path.Combine(dir, "app.jsonl"), FileMode.CreateNew, FileAccess.ReadWrite))
        {
            RawSyncLoops.Sync(handle);
            for (var start = 0; start < lines.Length; start += Slice)
            {
                var end = Math.Min(lines.Length, start + Slice);
                var t0 = Stopwatch.GetTimestamp();
                for (var i = start; i < end; i++)
                {
                    var s = Stopwatch.GetTimestamp();
                    await subject(i);
                    latencies?.Add(Stopwatch.GetElapsedTime(s).TotalMilliseconds);
                }

                var t1 = Stopwatch.GetTimestamp();
                for (var i = start; i < end; i++)
                {
                    var s = Stopwatch.GetTimestamp();
                    RandomAccess.Write(handle, lines[i], offset);
                    offset += lines[i].Length;
                    RawSyncLoops.Sync(handle);
                    rawLatencies?.Add(Stopwatch.GetElapsedTime(s).TotalMilliseconds);
                }

                subjectTicks += t1 - t0;
                rawTicks += Stopwatch.GetTimestamp() - t1;
            }
        }

        Directory.Delete(dir, recursive: true);
        return (lines.Length * (double)Stopwatch.Frequency / subjectTicks, lines.Length * (double)Stopwatch.Frequency / rawTicks);
    }

    /// <summary>G2: 64 callers on one aggregate against the sequential figure of G1 (commands should share syncs).</summary>
    private async Task OneAggregateConcurrentAsync(SiloHost silo)
    {
        var count = options.Count(3_200, 1_280);
        var latencies = new List<double>();
        var medians = await SideBySide.RunAsync(options.Rounds, async measured =>
        {
            var grain = silo.Grains.GetGrain<IEventFoldCounter>($"hot-{Guid.NewGuid():N}");
            await grain.Execute(new Increment(1), CommandLoad.NewContext());
            var rate = await CommandLoad.ConcurrentAsync([grain], Callers, count, measured ? latencies : null);
            var state = await grain.GetVersionedState();
            if (state.Version != 1 + (count / Callers * Callers))
            {
                throw new InvalidOperationException($"hot aggregate at version {state.Version}, expected {1 + (count / Callers * Callers)}");
            }

            return rate;
        });
        table.Add(new ResultRow("G2", $"1 aggregate, {Callers} concurrent callers, durable", medians[0], "cmd/s",
            "G1 sequential (same run)", _sequential, MinRatio: 5));
        AddLatencies("G2", $"{Callers} callers", latencies, null, null);
    }

    /// <summary>G3/G4: 1,000 aggregates x 64 callers against Orleans' LogStorage (and, durable, 64 raw threads on own files).</summary>
    private async Task ManyAggregatesAsync(SiloHost silo, TempDir temp, string id, bool withRaw, string? label = null)
    {
        var count = options.Count(6_400, 2_560);
        var run = Guid.NewGuid().ToString("N")[..8];
        var ef = Enumerable.Range(0, Aggregates).Select(i => (IBenchCounter)silo.Grains.GetGrain<IEventFoldCounter>($"many-{run}-{i}")).ToArray();
        var ls = Enumerable.Range(0, Aggregates).Select(i => (IBenchCounter)silo.Grains.GetGrain<ILogStorageCounter>($"many-{run}-{i}")).ToArray();
        // Every aggregate exists before timing: G5 measures creation on its own.
        await CommandLoad.ConcurrentAsync(ef, Callers, Aggregates, null);
        await CommandLoad.ConcurrentAsync(ls, Callers, Aggregates, null);
        var lines = SampleEvents.Lines(SampleEvents.Create(count));
        var efLatency = new List<double>();
        var lsLatency = new List<double>();
        using var sampler = options.AllocationTypes ? new AllocationSampler() : null;
        var perFlush = new List<double>();
        var efBytes = new List<double>();
        var lsBytes = new List<double>();
        var sides = new List<Func<bool, Task<double>>>
        {
            measured => AllocationsAsync(measured ? efBytes : null, count, async () =>
            {
                var rounds = silo.Store.Committer.Rounds;
                Task<double> Load() => CommandLoad.ConcurrentAsync(ef, Callers, count, measured ? efLatency : null);
                var rate = await (sampler is null ? Load() : sampler.RecordAsync(Load));
                if (measured && withRaw)
                {
                    perFlush.Add(count / (double)Math.Max(1, silo.Store.Committer.Rounds - rounds));
                }

                return rate;
            }),
            measured => AllocationsAsync(measured ? lsBytes : null, count, () => CommandLoad.ConcurrentAsync(ls, Callers, count, measured ? lsLatency : null)),
        };
        if (withRaw)
        {
            sides.Add(_ => Task.Run(() => RawSyncLoops.Parallel(temp.Sub($"raw64-{Guid.NewGuid():N}"), lines, Callers)));
        }

        var medians = await SideBySide.RunAsync(options.Rounds, [.. sides]);
        label ??= withRaw ? "durable" : "buffered";
        table.Add(new ResultRow(id, $"{Aggregates} aggregates x {Callers} callers, {label}", medians[0], "cmd/s",
            "Orleans LogStorage provider, memory storage", medians[1], MinRatio: withRaw ? 1.0 : 5.0));
        if (withRaw)
        {
            table.Add(new ResultRow(id + "'", $"{Aggregates} aggregates x {Callers} callers, {label}", medians[0], "cmd/s",
                $"raw: {Callers} threads, own files, pwrite + fdatasync per line", medians[2], MinRatio: 1.0));
        }

        sampler?.Print($"{id}, EventFold side");
        AddLatencies(id, label, efLatency, "LogStorage", lsLatency);
        if (withRaw)
        {
            table.Add(new ResultRow($"{id} group", $"  commands per flush round, {label}", Stats.Median(perFlush), "cmds", null, double.NaN));
        }

        table.Add(new ResultRow($"{id} alloc", $"  bytes allocated per command (whole process), {label}", Stats.Median(efBytes), "B",
            "LogStorage", Stats.Median(lsBytes), LowerIsBetter: true));
    }

    /// <summary>Runs one side and records the bytes the whole process allocated per command meanwhile.</summary>
    private static async Task<double> AllocationsAsync(List<double>? bytesPerCommand, int count, Func<Task<double>> side)
    {
        var before = GC.GetTotalAllocatedBytes(precise: false);
        var rate = await side();
        bytesPerCommand?.Add((GC.GetTotalAllocatedBytes(precise: false) - before) / (double)count);
        return rate;
    }

    /// <summary>G5: the first command of a never-seen aggregate (activation, directories, registry) against its second command.</summary>
    private async Task FirstCommandAsync(SiloHost silo)
    {
        var count = options.Count(200, 60);
        var first = new List<double>();
        var later = new List<double>();
        for (var i = 0; i < count + 5; i++)
        {
            var grain = silo.Grains.GetGrain<IEventFoldCounter>($"new-{Guid.NewGuid():N}");
            var t0 = Stopwatch.GetTimestamp();
            await grain.Execute(new Increment(1), CommandLoad.NewContext());
            var t1 = Stopwatch.GetTimestamp();
            await grain.Execute(new Increment(1), CommandLoad.NewContext());
            var t2 = Stopwatch.GetTimestamp();
            if (i >= 5)
            {
                first.Add(Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds);
                later.Add(Stopwatch.GetElapsedTime(t1, t2).TotalMilliseconds);
            }
        }

        table.Add(new ResultRow("G5", "first command of a new aggregate, durable (p50)", Stats.Median(first), "ms",
            "its second command (p50)", Stats.Median(later), LowerIsBetter: true, MaxRatio: 2.0));
        table.Add(new ResultRow("G5 p99", "  first command p99", Stats.Percentile(first, 0.99), "ms",
            "second command p99", Stats.Percentile(later, 0.99), LowerIsBetter: true));
    }

    private void AddLatencies(string id, string label, List<double> subject, string? baseline, List<double>? baselineValues)
    {
        foreach (var (p, name) in new[] { (0.5, "p50"), (0.99, "p99") })
        {
            table.Add(new ResultRow($"{id} {name}", $"  latency {name}, {label}", Stats.Percentile(subject, p), "ms",
                baseline, baselineValues is null ? double.NaN : Stats.Percentile(baselineValues, p), LowerIsBetter: true));
        }
    }
}
