namespace EventFold.Orleans.Testing;

/// <summary>What a passing <see cref="CrashTest.RunAsync"/> did.</summary>
/// <param name="Seed">The seed of its random choices.</param>
/// <param name="Kills">How often the host was killed with SIGKILL.</param>
/// <param name="Acknowledged">Commands acknowledged with events, each found exactly once at its version.</param>
/// <param name="Rejected">Commands rejected by the domain, each found nowhere.</param>
/// <param name="Duplicates">Resent commands recognised as duplicates after a restart.</param>
/// <param name="EventsOnDisk">Events in the store at the end.</param>
/// <param name="Summary">One line per run: acknowledgements, the kill, what the files held.</param>
public sealed record CrashTestReport(int Seed, int Kills, int Acknowledged, int Rejected, int Duplicates, long EventsOnDisk, string Summary);
