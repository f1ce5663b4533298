using EventFold.Orleans.Projections;

namespace EventFold.Orleans.Consumers;

/// <summary>The facts of a projection or process manager that the shared consumer mechanism needs.</summary>
/// <param name="Name">Its name: the checkpoint folder.</param>
/// <param name="Version">Its version: a checkpoint of another version is discarded.</param>
/// <param name="Follows">The aggregate types it reads.</param>
/// <param name="Initial">The state before any event.</param>
/// <param name="CheckpointEveryEvents">Checkpoint after this many events (0: only by time and on deactivation).</param>
/// <param name="CheckpointInterval">Checkpoint at least this often while events arrive.</param>
/// <param name="MaxAttempts">Attempts on a failing stream before the consumer stops on it.</param>
internal sealed record ConsumerDefinition<TState>(
    string Name,
    int Version,
    IReadOnlyList<FollowedType> Follows,
    TState Initial,
    int CheckpointEveryEvents,
    TimeSpan CheckpointInterval,
    int MaxAttempts);
