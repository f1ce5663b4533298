namespace EventFold.Orleans.Aggregates;

/// <summary>
/// An aggregate could not be loaded from its stream (unreadable file, a line that does not decode, a fold that
/// throws). The activation fails rather than run on a wrong state.
/// </summary>
[GenerateSerializer, Alias("EventFold.AggregateLoadException")]
public sealed class AggregateLoadException : AggregateStreamException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="aggregateType">The aggregate type.</param>
    /// <param name="id">The aggregate id.</param>
    /// <param name="version">How many events had been folded when loading failed.</param>
    /// <param name="cause">The underlying error.</param>
    public AggregateLoadException(string aggregateType, string id, long version, Exception cause)
        : base($"Loading {aggregateType}/{id} failed after {version} events: {cause.Message}", aggregateType, id, version, cause)
    {
    }
}
