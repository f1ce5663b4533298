namespace EventFold.Cli;

/// <summary>A user's mistake or a store the tool cannot work on, with what to do about it; printed without a stack trace.</summary>
/// <param name="message">What is wrong and how to fix it (names the path, stream or option).</param>
/// <param name="exitCode">The exit code to end with (<see cref="ExitCodes.Error"/> unless a lock was the cause).</param>
public sealed class CliException(string message, int exitCode = ExitCodes.Error) : Exception(message)
{
    /// <summary>The exit code the tool ends with.</summary>
    public int ExitCode { get; } = exitCode;
}
