namespace EventFold.Orleans.Testing;

/// <summary>
/// A given/when/then spec (<see cref="Spec"/>) did not hold. The message shows the expected and the actual events as JSON and the
/// first index at which they differ. Every test framework reports it as a failed test.
/// </summary>
public sealed class AggregateSpecException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was expected, what happened, and where they differ.</param>
    public AggregateSpecException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception for a failure inside the aggregate.</summary>
    /// <param name="message">Which step failed.</param>
    /// <param name="innerException">What the aggregate threw.</param>
    public AggregateSpecException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
