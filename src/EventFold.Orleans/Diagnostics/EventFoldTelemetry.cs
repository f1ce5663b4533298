using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace EventFold.Orleans.Diagnostics;

/// <summary>The one <see cref="ActivitySource"/> and <see cref="Meter"/> of the runtime, both named <c>EventFold</c>.</summary>
public static class EventFoldTelemetry
{
    /// <summary>The name of the activity source and of the meter.</summary>
    public const string Name = "EventFold";

    /// <summary>Traces command execution and stream I/O.</summary>
    public static readonly ActivitySource ActivitySource = new(Name);

    /// <summary>The runtime's metrics.</summary>
    public static readonly Meter Meter = new(Name);

    /// <summary>Events appended to streams, tagged <c>aggregate_type</c>.</summary>
    public static readonly Counter<long> EventsAppended = Meter.CreateCounter<long>("eventfold.events.appended", "{event}");

    /// <summary>Events folded while loading or catching up an aggregate (not the ones it wrote itself), tagged <c>aggregate_type</c>.</summary>
    public static readonly Counter<long> EventsReplayed = Meter.CreateCounter<long>("eventfold.events.replayed", "{event}");

    /// <summary>Conditional appends that found the stream moved, tagged <c>aggregate_type</c>.</summary>
    public static readonly Counter<long> AppendConflicts = Meter.CreateCounter<long>("eventfold.append.conflicts", "{conflict}");

    /// <summary>Snapshots saved, tagged <c>aggregate_type</c>.</summary>
    public static readonly Counter<long> SnapshotsSaved = Meter.CreateCounter<long>("eventfold.snapshots.saved", "{snapshot}");

    /// <summary>Time to append one batch (write and, when durable, flush), tagged <c>aggregate_type</c>.</summary>
    public static readonly Histogram<double> AppendDuration = Meter.CreateHistogram<double>("eventfold.append.duration", "ms");

    /// <summary>Write notices queued for projections and process managers (only for aggregate types one of them follows).</summary>
    public static readonly Counter<long> NoticesPublished = Meter.CreateCounter<long>("eventfold.notices.published", "{notice}");

    /// <summary>Commands sent through the command bus, tagged <c>aggregate_type</c> and <c>outcome</c> (<c>accepted</c>, <c>rejected</c>, <c>duplicate</c>, <c>failed</c>).</summary>
    public static readonly Counter<long> CommandsDispatched = Meter.CreateCounter<long>("eventfold.bus.dispatched", "{command}");

    /// <summary>Time of one command bus dispatch, middlewares and the aggregate's <c>Execute</c> included, tagged <c>aggregate_type</c>.</summary>
    public static readonly Histogram<double> DispatchDuration = Meter.CreateHistogram<double>("eventfold.bus.duration", "ms");

    internal static KeyValuePair<string, object?> TypeTag(string aggregateType) => new("aggregate_type", aggregateType);
}
