namespace EventFold.Orleans.Aggregates;

/// <summary>A command id an aggregate has applied, and where its events are in the stream.</summary>
/// <param name="CommandId">The command id.</param>
/// <param name="FirstVersion">The version (0-based index) of the command's first event.</param>
/// <param name="EventCount">How many events the command produced.</param>
/// <param name="CommandHash">
/// The command's fingerprint (type and content hash), or <see langword="null"/> for events written before fingerprints
/// existed: then any command with this id counts as the same command.
/// </param>
[GenerateSerializer, Immutable, Alias("EventFold.ProcessedCommand")]
public sealed record ProcessedCommand(
    [property: Id(0)] string CommandId,
    [property: Id(1)] long FirstVersion,
    [property: Id(2)] int EventCount,
    [property: Id(3)] string? CommandHash = null);
