namespace EventFold.Orleans.Testing;

/// <summary>
/// <see cref="CrashTest.RunAsync"/> found a problem: an acknowledged command missing, stored twice or elsewhere, a rejected command
/// written, a stream that does not read, or a host that failed commands or did not start. The message says which, with the seed
/// to replay it, the store directory (kept) and the host's last output.
/// </summary>
public sealed class CrashTestFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong, the seed, the directory and the host's output.</param>
    public CrashTestFailedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception around the failure of a step.</summary>
    /// <param name="message">What went wrong, the seed, the directory and the host's output.</param>
    /// <param name="innerException">The step's exception.</param>
    public CrashTestFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
