using System.Collections.Concurrent;
using System.Diagnostics;
using EventFold.Orleans.Bus;
using EventFold.Orleans.Diagnostics;
using EventFold.Orleans.Tests.Support;
using Xunit;

namespace EventFold.Orleans.Tests.Bus;

/// <summary>Each dispatch is one activity on the EventFold source and is counted on the EventFold meter.</summary>
public sealed class BusTelemetryTests : SiloTest
{
    [Fact]
    public async Task A_dispatch_is_traced_and_counted_with_its_outcome()
    {
        var activities = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == EventFoldTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        using var dispatched = new EventCounter("eventfold.bus.dispatched", "bus-parcel");

        await Cluster.Bus().SendAsync(new CommandEnvelope { AggregateType = "bus-parcel", AggregateId = "t-1", Command = new RegisterParcel("Lu", 1) });
        await Cluster.Bus().SendAsync(new CommandEnvelope { AggregateType = "bus-parcel", AggregateId = "t-1", Command = new RegisterParcel("Lu", 1) });

        var traced = activities.Where(a => a.OperationName == "EventFold.Dispatch").ToList();
        Assert.Equal(2, traced.Count);
        Assert.All(traced, a => Assert.Equal("bus-parcel", a.GetTagItem("eventfold.aggregate_type")));
        Assert.All(traced, a => Assert.Equal("bus-register-parcel", a.GetTagItem("eventfold.command_type")));
        Assert.Equal(["accepted", "rejected"], traced.Select(a => a.GetTagItem("eventfold.outcome")));
        Assert.Equal("parcel.already-registered", traced[1].GetTagItem("eventfold.rejected"));
        Assert.Equal(2, dispatched.Total);
    }
}
