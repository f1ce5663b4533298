using System.Diagnostics;
using System.Text.Json;
using EventFold.Benchmarks.Cluster;
using EventFold.Orleans.Commands;
using EventFold.Orleans.Events;
using EventFold.Orleans.Provider;
using EventFold.Orleans.Store;

namespace EventFold.Benchmarks.Projections;

/// <summary>The rebuild row's input: <c>bench-bulk</c> streams written with the bare core writer (Buffered) before the silo starts.</summary>
public static class BulkStreams
{
    public const string AggregateType = "bench-bulk";

    public static string Id(int i) => $"bulk-{i:D5}";

    /// <summary>
    /// Writes <paramref name="streams"/> streams of <paramref name="eventsPerStream"/> <c>Incremented(1)</c> events, each
    /// with an event id and a command id as a command would store them (the same encoded events in every stream).
    /// </summary>
    public static void Write(string baseDirectory, int streams, int eventsPerStream)
    {
        var started = Stopwatch.StartNew();
        var codec = new EnvelopeEntryCodec<CounterEvent>(
            EventTypeRegistry.For<CounterEvent>(typeof(CounterAggregate).Assembly), new JsonSerializerOptions(JsonSerializerDefaults.Web) { IncludeFields = true });
        var now = DateTimeOffset.UtcNow;
        var events = Enumerable.Range(0, eventsPerStream).Select(_ => codec.Encode(new EventEnvelope<CounterEvent>
        {
            Event = new Incremented(1),
            EventId = Guid.CreateVersion7().ToString(),
            CommandId = Guid.NewGuid().ToString("N"),
        }, now)).ToArray();
        var paths = new StorePaths(baseDirectory);
        for (var i = 0; i < streams; i++)
        {
            using var writer = EventWriter.Open(paths.StreamDirectory(AggregateType, Id(i)), new EventWriterOptions { Durability = Durability.Buffered });
            for (var b = 0; b < events.Length; b += 100)
            {
                writer.AppendBatch(events[b..Math.Min(events.Length, b + 100)]);
            }
        }

        Console.WriteLine($"[projections] wrote {streams:N0} x {eventsPerStream:N0} events in {started.Elapsed.TotalSeconds:0.0} s");
    }

    /// <summary>Reads every bulk stream with <see cref="EventReader.ReadFrom"/> (no decoding); returns events/s.</summary>
    public static double ReadAll(EventFoldStore store, int streams, long expected)
    {
        var started = Stopwatch.GetTimestamp();
        long n = 0;
        for (var i = 0; i < streams; i++)
        {
            foreach (var _ in new EventReader(store.StreamDirectory(AggregateType, Id(i))).ReadFrom(0))
            {
                n++;
            }
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        if (n != expected)
        {
            throw new InvalidOperationException($"read {n} bulk events, expected {expected}");
        }

        return n / elapsed.TotalSeconds;
    }
}
