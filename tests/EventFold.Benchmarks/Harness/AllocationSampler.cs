using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace EventFold.Benchmarks.Harness;

/// <summary>
/// <c>--alloc-types</c>: samples the runtime's allocation ticks (one per ~100 KB allocated, with the type that crossed
/// the mark) while a side runs, and prints the most sampled types: where a row's bytes per command come from. It slows
/// the process down, so rates measured with it on are not comparable.
/// </summary>
public sealed class AllocationSampler : EventListener
{
    private readonly ConcurrentDictionary<string, long> _ticks = new();
    private volatile bool _recording;

    /// <summary>Records while <paramref name="side"/> runs.</summary>
    public async Task<T> RecordAsync<T>(Func<Task<T>> side)
    {
        _recording = true;
        try
        {
            return await side();
        }
        finally
        {
            _recording = false;
        }
    }

    /// <summary>Prints the <paramref name="top"/> most sampled types with their share of the samples.</summary>
    public void Print(string title, int top = 25)
    {
        var total = Math.Max(1, _ticks.Values.Sum());
        Console.WriteLine($"     allocation samples, {title} ({total} ticks):");
        foreach (var (type, ticks) in _ticks.OrderByDescending(p => p.Value).Take(top))
        {
            Console.WriteLine($"       {ticks * 100.0 / total,5:F1}%  {type}");
        }
    }

    /// <inheritdoc />
    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
        {
            // Keyword 0x1 = GC; allocation ticks are Verbose.
            EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x1);
        }
    }

    /// <inheritdoc />
    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (!_recording || e.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) != true || e.PayloadNames is null)
        {
            return;
        }

        var index = e.PayloadNames.IndexOf("TypeName");
        var type = index >= 0 && e.Payload![index] is string name ? name : "?";
        _ticks.AddOrUpdate(type, 1, (_, n) => n + 1);
    }
}
