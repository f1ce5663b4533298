namespace EventFold.Orleans.Projections;

/// <summary>A projection cannot reflect a position because it is stopped on that stream by an event it cannot apply.</summary>
[GenerateSerializer, Alias("EventFold.ProjectionStreamFailedException")]
public sealed class ProjectionStreamFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Which projection, stream and version, and the error.</param>
    public ProjectionStreamFailedException(string message)
        : base(message)
    {
    }
}
