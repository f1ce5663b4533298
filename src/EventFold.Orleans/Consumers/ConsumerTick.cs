using EventFold.Orleans.Projections;

namespace EventFold.Orleans.Consumers;

/// <summary>
/// What a consumer's one-second timer has to read now: every stream (the poll that covers lost notices), or else the
/// failing streams whose backoff is over.
/// </summary>
/// <param name="Now">When the tick was planned (the checkpoint interval is measured against it).</param>
/// <param name="PollAll">The poll interval has passed: catch up on every stream.</param>
/// <param name="Retry">Otherwise, the failing streams to read again.</param>
internal sealed record ConsumerTick(DateTimeOffset Now, bool PollAll, IReadOnlyList<StreamKey> Retry);
