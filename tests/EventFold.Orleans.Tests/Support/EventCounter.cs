using System.Diagnostics.Metrics;
using EventFold.Orleans.Diagnostics;

namespace EventFold.Orleans.Tests.Support;

/// <summary>Sums one EventFold counter for one aggregate type while it is alive.</summary>
public sealed class EventCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _total;

    public EventCounter(string instrument, string aggregateType)
    {
        _listener.InstrumentPublished = (i, l) =>
        {
            if (i.Meter.Name == EventFoldTelemetry.Name && i.Name == instrument)
            {
                l.EnableMeasurementEvents(i);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "aggregate_type" && (string?)tag.Value == aggregateType)
                {
                    Interlocked.Add(ref _total, value);
                }
            }
        });
        _listener.Start();
    }

    public long Total => Interlocked.Read(ref _total);

    public void Dispose() => _listener.Dispose();
}
