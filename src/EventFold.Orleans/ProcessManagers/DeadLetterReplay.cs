namespace EventFold.Orleans.ProcessManagers;

/// <summary>What replaying one dead letter came to.</summary>
/// <param name="LetterId">The letter.</param>
/// <param name="Succeeded">Whether the command was applied (or recognised as already applied): the letter is now resolved.</param>
/// <param name="Error">Why it failed again (code: message), when it did; the letter's attempts were updated.</param>
[GenerateSerializer, Immutable, Alias("EventFold.DeadLetterReplay")]
public sealed record DeadLetterReplay(
    [property: Id(0)] string LetterId,
    [property: Id(1)] bool Succeeded,
    [property: Id(2)] string? Error);
