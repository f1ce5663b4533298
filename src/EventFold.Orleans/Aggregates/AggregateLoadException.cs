namespace EventFold.Orleans.Aggregates;

/// <summary>
/// An aggregate could not be loaded from its stream (unreadable file, a line that does not decode, a fold that
/// throws). The activation fails rather than run on a wrong state.
/// </summary>
/// <remarks>The underlying error is described by <see cref="CauseType"/> and <see cref="Reason"/> (see <see cref="AggregateWriteException"/>).</remarks>
[GenerateSerializer, Alias("EventFold.AggregateLoadException")]
public sealed class AggregateLoadException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="aggregateType">The aggregate type.</param>
    /// <param name="id">The aggregate id.</param>
    /// <param name="version">How many events had been folded when loading failed.</param>
    /// <param name="cause">The underlying error.</param>
    public AggregateLoadException(string aggregateType, string id, long version, Exception cause)
        : base($"Loading {aggregateType}/{id} failed after {version} events: {cause.Message}")
    {
        AggregateType = aggregateType;
        AggregateId = id;
        Version = version;
        CauseType = cause.GetType().FullName ?? cause.GetType().Name;
        Reason = cause.Message;
    }

    /// <summary>The aggregate type.</summary>
    [Id(0)] public string AggregateType { get; }

    /// <summary>The aggregate id.</summary>
    [Id(1)] public string AggregateId { get; }

    /// <summary>How many events had been folded when loading failed.</summary>
    [Id(2)] public long Version { get; }

    /// <summary>The underlying error's message.</summary>
    [Id(3)] public string Reason { get; }

    /// <summary>The underlying error's type.</summary>
    [Id(4)] public string CauseType { get; }
}
