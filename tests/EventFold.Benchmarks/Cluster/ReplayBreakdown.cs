using System.Diagnostics;
using System.Text.Json;
using EventFold.Benchmarks.Harness;
using EventFold.Orleans.Aggregates;
using EventFold.Orleans.Commands;
using EventFold.Orleans.Events;
using EventFold.Orleans.Provider;

namespace EventFold.Benchmarks.Cluster;

/// <summary>
/// Stopwatch breakdown of row 5's full replay, outside Orleans, over the same stream directory: reading the log, then
/// also decoding each event with the provider's codec, then also folding it into the aggregate view.
/// </summary>
public static class ReplayBreakdown
{
    public static void Run(Options options, ResultTable table, string streamDirectory, long events)
    {
        var reader = new EventReader(streamDirectory);
        var codec = new EnvelopeEntryCodec<CounterEvent>(
            EventTypeRegistry.For<CounterEvent>(typeof(CounterAggregate).Assembly), new JsonSerializerOptions(JsonSerializerDefaults.Web));
        var domain = new CounterAggregate();
        var stages = new (string Name, Func<double> Pass)[]
        {
            ("ReadFrom(0) only", () => Pass(reader, events, _ => { })),
            ("+ EnvelopeEntryCodec.Decode", () => Pass(reader, events, e => codec.Decode(e))),
            ("+ decode + AggregateView.Fold", () =>
            {
                var view = new AggregateView<CounterState> { State = domain.Initial };
                return Pass(reader, events, e =>
                {
                    var envelope = codec.Decode(e);
                    view.Fold(domain.Apply, envelope.Event, envelope.CommandId, envelope.CommandHash, 1000);
                });
            }),
        };
        for (var i = 0; i < stages.Length; i++)
        {
            var (rate, _) = SideBySide.Run(options.Rounds, stages[i].Pass, () => 0);
            table.Add(new ResultRow($"5.{i + 1}", $"breakdown of the replay, outside Orleans: {stages[i].Name}", rate, "ev/s"));
        }
    }

    private static double Pass(EventReader reader, long expected, Action<Event> each)
    {
        var sw = Stopwatch.StartNew();
        long n = 0;
        foreach (var record in reader.ReadFrom(0))
        {
            each(record.Event);
            n++;
        }

        sw.Stop();
        if (n != expected)
        {
            throw new InvalidOperationException($"replay breakdown read {n} events, expected {expected}");
        }

        return SideBySide.Rate(n, sw.Elapsed);
    }
}
