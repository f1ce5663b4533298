using EventFold.Orleans.Aggregates;

namespace EventFold.Orleans.Projections;

/// <summary>
/// What every projection grain offers; derive the app's grain interface from it and add typed queries, e.g.
/// <c>public interface IOrderTotals : IProjectionGrain { Task&lt;decimal&gt; Total(StreamPosition? after = null); }</c>.
/// Reach it with <see cref="ProjectionGrainKey.GetProjection{TGrainInterface}"/>.
/// </summary>
[Alias("EventFold.IProjectionGrain")]
public interface IProjectionGrain : IGrainWithStringKey
{
    /// <summary>
    /// Wakes the projection for a confirmed write (one-way, so the writer never waits): the fast path beside the notice
    /// stream, whose queues are polled. Only a hint: the events are read from the store; repeats are skipped.
    /// </summary>
    /// <param name="notice">The stream and versions the write added.</param>
    [global::Orleans.Concurrency.OneWay]
    Task NotifyAsync(ProjectionNotice notice);

    /// <summary>Returns once the projection reflects every given position, reading those streams' tails itself.</summary>
    /// <param name="positions">Positions returned by <c>Execute</c>.</param>
    /// <param name="timeout">How long to wait for positions the store does not hold yet.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="TimeoutException">A position was not reached in time.</exception>
    /// <exception cref="ProjectionStreamFailedException">The projection is stopped on one of the streams.</exception>
    [Alias("WaitFor")]
    Task WaitForAsync(StreamPosition[] positions, TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <summary>Reads every followed stream to its current end.</summary>
    /// <param name="cancellationToken">Cancels between streams.</param>
    [Alias("CatchUp")]
    Task CatchUpAsync(CancellationToken cancellationToken = default);

    /// <summary>Discards the state, the cursors and the checkpoint, and folds every followed stream again.</summary>
    /// <param name="cancellationToken">Cancels between streams (the projection then continues catching up later).</param>
    [Alias("Rebuild")]
    Task RebuildAsync(CancellationToken cancellationToken = default);

    /// <summary>Saves the checkpoint now, if anything changed since the last one.</summary>
    [Alias("Checkpoint")]
    Task CheckpointAsync();

    /// <summary>The projection's status.</summary>
    [Alias("GetStatus")]
    Task<ProjectionStatus> GetStatusAsync();
}
