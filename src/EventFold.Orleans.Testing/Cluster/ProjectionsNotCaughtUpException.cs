namespace EventFold.Orleans.Testing;

/// <summary>
/// <see cref="EventFoldTestCluster.WaitForProjectionsAsync(CancellationToken)"/> gave up: a projection is stopped on a stream, or
/// still behind or failing when the timeout passed. The message names the projection, the streams, their lag and errors.
/// </summary>
public sealed class ProjectionsNotCaughtUpException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Which projection is behind or failing on which streams, and why.</param>
    public ProjectionsNotCaughtUpException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception around what the projection grain threw.</summary>
    /// <param name="message">Which projection.</param>
    /// <param name="innerException">The projection's error.</param>
    public ProjectionsNotCaughtUpException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
