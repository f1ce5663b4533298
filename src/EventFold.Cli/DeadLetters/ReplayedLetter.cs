using EventFold.Orleans.ProcessManagers;

namespace EventFold.Cli.DeadLetters;

/// <summary>What replaying one letter came to, with the letter as the store's file holds it afterwards.</summary>
/// <param name="Letter">The letter read back from the file after the replay (attempts, last error, resolved time).</param>
/// <param name="Outcome">What the app answered.</param>
/// <param name="Error">Why it failed again (<c>code: message</c>), or why no answer came.</param>
internal sealed record ReplayedLetter(DeadLetter Letter, ReplayOutcome Outcome, string? Error)
{
    /// <summary>The outcome's word in the output: <c>resolved</c>, <c>failed</c> or <c>no-answer</c>.</summary>
    public string Result => Outcome switch
    {
        ReplayOutcome.Resolved => "resolved",
        ReplayOutcome.FailedAgain => "failed",
        _ => "no-answer",
    };
}

/// <summary>What the app answered to one replay.</summary>
internal enum ReplayOutcome
{
    /// <summary>The command was applied (or found already applied); the letter is resolved.</summary>
    Resolved,

    /// <summary>The command failed again; the letter stays unresolved with its new error.</summary>
    FailedAgain,

    /// <summary>No answer within the timeout: the command may or may not have been applied.</summary>
    NoAnswer,
}
