using EventFold.Orleans.Projections;

namespace EventFold.Orleans.ProcessManagers;

/// <summary>
/// What every process manager grain offers: status and dead letters. Reach it with
/// <see cref="ProcessManagerGrainKey.GetProcessManager{TGrainInterface}"/> through the app's interface derived from it.
/// </summary>
[Alias("EventFold.IProcessManagerGrain")]
public interface IProcessManagerGrain : IGrainWithStringKey
{
    /// <summary>Wakes the manager for a confirmed write (one-way); only a hint, the events are read from the store.</summary>
    /// <param name="notice">The stream and versions the write added.</param>
    [global::Orleans.Concurrency.OneWay, global::Orleans.Concurrency.AlwaysInterleave]
    Task NotifyAsync(ProjectionNotice notice);

    /// <summary>Reads every followed stream to its current end, and returns once every command this caused has an outcome.</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    [Alias("CatchUp")]
    Task CatchUpAsync(CancellationToken cancellationToken = default);

    /// <summary>Waits until no command is in flight, then saves the checkpoint if anything changed since the last one.</summary>
    [Alias("Checkpoint")]
    Task CheckpointAsync();

    /// <summary>The manager's status.</summary>
    [Alias("GetStatus"), global::Orleans.Concurrency.AlwaysInterleave]
    Task<ProcessManagerStatus> GetStatusAsync();

    /// <summary>The dead letters, oldest first.</summary>
    /// <param name="includeResolved">Also list the letters a replay resolved.</param>
    [Alias("GetDeadLetters"), global::Orleans.Concurrency.AlwaysInterleave]
    Task<IReadOnlyList<DeadLetter>> GetDeadLettersAsync(bool includeResolved = false);

    /// <summary>
    /// Sends a dead letter's stored JSON command again, with its original command id, through the command bus: applied (or
    /// found already applied), the letter is marked resolved; failing, its attempts and error are updated. Either way a
    /// line is appended to the file.
    /// </summary>
    /// <param name="letterId">The letter's id.</param>
    /// <param name="cancellationToken">Stops waiting (the command may still be applied; replay again to learn).</param>
    /// <returns>What the replay came to.</returns>
    /// <exception cref="DeadLetterNotFoundException">There is no such letter.</exception>
    [Alias("ReplayDeadLetter")]
    Task<DeadLetterReplay> ReplayDeadLetterAsync(string letterId, CancellationToken cancellationToken = default);

    /// <summary>Replays every unresolved dead letter, one after the other, oldest first.</summary>
    /// <param name="cancellationToken">Stops between letters.</param>
    /// <returns>What each replay came to.</returns>
    [Alias("ReplayDeadLetters")]
    Task<IReadOnlyList<DeadLetterReplay>> ReplayDeadLettersAsync(CancellationToken cancellationToken = default);
}
