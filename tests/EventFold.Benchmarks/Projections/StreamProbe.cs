using System.Diagnostics;
using EventFold.Benchmarks.Harness;
using EventFold.Orleans.Projections;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace EventFold.Benchmarks.Projections;

/// <summary>Receives probe items on the notice stream provider (an implicit subscriber, as a projection grain is).</summary>
public interface IStreamProbe : IGrainWithStringKey;

[ImplicitStreamSubscription(StreamProbe.Namespace)]
public sealed class StreamProbeGrain : Grain, IStreamProbe, IStreamSubscriptionObserver
{
    public Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        handleFactory.Create<long>().ResumeAsync((item, _) =>
        {
            ApplyClock.Mark(StreamProbe.Namespace, item);
            return Task.CompletedTask;
        });
}

/// <summary>
/// The Orleans part of the lag: one item at a time through the same memory stream provider the notices use, from the
/// start of <c>OnNextAsync</c> to the subscriber grain's handler, with the same random pauses as the idle lag row.
/// </summary>
public static class StreamProbe
{
    public const string Namespace = "bench-probe";

    public static async Task<List<double>> MeasureAsync(IServiceProvider services, int count)
    {
        var stream = services.GetRequiredService<IClusterClient>().GetStreamProvider(ProjectionOptions.StreamProviderName)
            .GetStream<long>(StreamId.Create(Namespace, "probe"));
        var random = new Random(7);
        var latencies = new List<double>(count);
        for (long i = 0; i <= count; i++)
        {
            await Task.Delay(random.Next(0, 21));
            var sent = Stopwatch.GetTimestamp();
            await stream.OnNextAsync(i);
            var received = await ApplyClock.WhenAppliedAsync(Namespace, i);
            if (i > 0)
            {
                latencies.Add((received - sent) * 1000.0 / Stopwatch.Frequency);
            }
        }

        Console.WriteLine($"     memory stream alone: p50 {Stats.Median(latencies):0.000} ms, p99 {Stats.Percentile(latencies, 0.99):0.000} ms");
        return latencies;
    }
}
