namespace EventFold.Orleans.Testing;

/// <summary>What the crash host asks the app's command factory for: a command for one aggregate, under one command id.</summary>
/// <param name="AggregateId">The aggregate the command goes to (<c>crash-00</c>, <c>crash-01</c>, ...).</param>
/// <param name="CommandId">The command's id; unique per command.</param>
/// <param name="Random">
/// Seeded from <paramref name="CommandId"/> alone: draw every choice from it, and nothing else (no clock, no shared state), so
/// that the same id always gives the same command. After a restart the host resends acknowledged commands, and only the very
/// same command is recognised as a duplicate (another one under a used id is <c>CommandIdReusedException</c>).
/// </param>
public sealed record CrashCommandRequest(string AggregateId, string CommandId, Random Random);
