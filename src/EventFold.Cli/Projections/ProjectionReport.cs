using EventFold.Orleans.Projections;

namespace EventFold.Cli.Projections;

/// <summary>Where one projection is in one stream.</summary>
/// <param name="AggregateType">The stream's type.</param>
/// <param name="Id">The stream's id.</param>
/// <param name="Version">Events the projection has applied (0 when it has no cursor for the stream yet).</param>
/// <param name="StreamEvents">Events the stream holds now.</param>
/// <param name="Problem">Why the cursor does not continue the stream (the projection rebuilds at activation), or null.</param>
internal sealed record ProjectionStreamState(string AggregateType, string Id, long Version, long StreamEvents, string? Problem)
{
    /// <summary>Events not applied yet.</summary>
    public long Lag => Math.Max(0, StreamEvents - Version);
}

/// <summary>The status of one projection checkpoint: readable or not, and its lag per stream.</summary>
/// <param name="Directory">The checkpoint folder.</param>
/// <param name="Checkpoint">The checkpoint, when it is readable.</param>
/// <param name="Error">Why it is not readable (the projection rebuilds at activation).</param>
/// <param name="Streams">Each stream of the types it follows.</param>
internal sealed record ProjectionReport(string Directory, ProjectionCheckpointInfo? Checkpoint, string? Error, IReadOnlyList<ProjectionStreamState> Streams)
{
    /// <summary>The projection's name (from the checkpoint, else the folder).</summary>
    public string Name => Checkpoint?.Name ?? Path.GetFileName(Directory);

    /// <summary>Total events not applied yet.</summary>
    public long Lag => Streams.Sum(s => s.Lag);

    /// <summary><c>ok</c>, <c>behind</c>, <c>rebuild</c> (a cursor no longer continues its stream), <c>unreadable</c> or <c>empty</c> (no checkpoint saved yet).</summary>
    public string Status => Error is not null ? "unreadable" : Checkpoint is null ? "empty" : Streams.Any(s => s.Problem is not null) ? "rebuild" : Lag > 0 ? "behind" : "ok";
}
