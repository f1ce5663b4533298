using System.Text;
using CsCheck;

namespace EventFold.Tests.Properties;

/// <summary>Fold properties over random event sequences (the Rust crate's props.rs, plus snapshot/tail splits).</summary>
public sealed class FoldProperties
{
    private const int Iterations = 25;

    private static readonly EventWriterOptions Fast = new() { Durability = Durability.Buffered };

    /// <summary>Order-sensitive digest, so a reordered, lost or duplicated event changes the state.</summary>
    public sealed record Stats(long Count, long Digest, ulong TsXor, string LastType);

    private static readonly Stats Empty = new(0, 17, 0, "");

    private static Stats Reduce(Stats s, Event e)
    {
        long value = e.DataElement().GetProperty("value").GetInt64();
        return new Stats(s.Count + 1, unchecked((s.Digest * 31) + value + e.Type.Length), s.TsXor ^ e.Ts, e.Type);
    }

    private static readonly Gen<Event> GenEvent =
        Gen.Select(Gen.OneOf("type_a", "type_b", "type_c", "type_d"), Gen.ULong, Gen.Int[0, 3], (type, ts, pad) =>
            new Event(type, Encoding.UTF8.GetBytes($"{{\"value\":{ts % 100},\"pad\":\"{new string('x', pad * 3000)}\"}}"), ts));

    private static readonly Gen<Event[]> GenEvents = GenEvent.Array[0, 25];

    private static Stats Fold(IEnumerable<Event> events) => events.Aggregate(Empty, Reduce);

    private static View<Stats> StatsView(string viewsDirectory) => new("stats", viewsDirectory, Empty, Reduce);

    [Fact]
    public void Replay_is_deterministic_and_equals_a_manual_fold()
    {
        GenEvents.Sample(events =>
        {
            using var dir = new TempDir();
            using EventWriter writer = EventWriter.Open(dir.Path, Fast);
            writer.AppendBatch(events);

            Stats first = StatsView(writer.ViewsDirectory).Rebuild(writer.Reader);
            Stats second = StatsView(writer.ViewsDirectory).Rebuild(writer.Reader);

            Assert.Equal(Fold(events), first);
            Assert.Equal(first, second);
        }, iter: Iterations, threads: 1);
    }

    [Fact]
    public void Snapshot_plus_tail_equals_full_replay()
    {
        Gen.Select(GenEvents, Gen.Int[0, 100]).Sample((events, splitPercent) =>
        {
            int split = events.Length * splitPercent / 100;
            using var dir = new TempDir();
            using EventWriter writer = EventWriter.Open(dir.Path, Fast);
            foreach (Event e in events[..split])
            {
                writer.Append(e);
            }

            StatsView(writer.ViewsDirectory).Refresh(writer.Reader);
            foreach (Event e in events[split..])
            {
                writer.Append(e);
            }

            View<Stats> reloaded = StatsView(writer.ViewsDirectory);
            Stats incremental = reloaded.Refresh(writer.Reader);

            Assert.Equal(Fold(events), incremental);
            Assert.Equal(events.Length - split, reloaded.EventsFoldedLastRefresh);
            Assert.Equal(writer.ActiveLogSize, reloaded.Offset);
            Assert.Equal(incremental, StatsView(writer.ViewsDirectory).Rebuild(writer.Reader));
        }, iter: Iterations, threads: 1);
    }

    [Fact]
    public void Rotation_points_do_not_change_the_fold()
    {
        Gen.Select(GenEvents, Gen.Bool.Array[25]).Sample((events, rotateAfter) =>
        {
            using var dir = new TempDir();
            using EventWriter writer = EventWriter.Open(dir.Path, Fast);
            View<Stats> live = StatsView(writer.ViewsDirectory);
            for (int i = 0; i < events.Length; i++)
            {
                writer.Append(events[i]);
                if (rotateAfter[i])
                {
                    Assert.True(writer.Rotate([live]));
                }
            }

            Stats expected = Fold(events);
            Assert.Equal(events.Select(e => e.Type), writer.Reader.ReadFull().Select(r => r.Event.Type));
            Assert.Equal(expected, live.Refresh(writer.Reader));
            Assert.Equal(expected, StatsView(writer.ViewsDirectory).Refresh(writer.Reader));
            Assert.Equal(expected, new View<Stats>("other", writer.ViewsDirectory, Empty, Reduce).Refresh(writer.Reader));
        }, iter: Iterations, threads: 1);
    }

    [Fact]
    public void Rebuild_equals_step_by_step_refresh()
    {
        Gen.Select(GenEvents, Gen.Int[1, 5]).Sample((events, step) =>
        {
            using var dir = new TempDir();
            using EventWriter writer = EventWriter.Open(dir.Path, Fast);
            View<Stats> stepwise = StatsView(writer.ViewsDirectory);
            foreach (Event[] chunk in events.Chunk(step))
            {
                writer.AppendBatch(chunk);
                stepwise.Refresh(writer.Reader);
            }

            View<Stats> rebuilt = new("rebuilt", writer.ViewsDirectory, Empty, Reduce);
            Assert.Equal(stepwise.Refresh(writer.Reader), rebuilt.Rebuild(writer.Reader));
            Assert.Equal((stepwise.Offset, stepwise.Hash), (rebuilt.Offset, rebuilt.Hash));
        }, iter: Iterations, threads: 1);
    }
}
