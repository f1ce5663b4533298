namespace EventFold.Orleans.Aggregates;

/// <summary>
/// The base of the infrastructure faults of one aggregate's stream: names the stream, the version, and the
/// underlying error.
/// </summary>
/// <remarks>
/// The underlying error is described by <see cref="CauseType"/> and <see cref="Reason"/> rather than kept as the
/// inner exception, because these exceptions travel to callers through Orleans' serializer, which cannot carry
/// every exception type.
/// </remarks>
[GenerateSerializer, Alias("EventFold.AggregateStreamException")]
public abstract class AggregateStreamException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The complete message.</param>
    /// <param name="aggregateType">The aggregate type.</param>
    /// <param name="id">The aggregate id.</param>
    /// <param name="version">The stream version at the failure.</param>
    /// <param name="cause">The underlying error.</param>
    protected AggregateStreamException(string message, string aggregateType, string id, long version, Exception cause)
        : base(message)
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

    /// <summary>The stream version at the failure.</summary>
    [Id(2)] public long Version { get; }

    /// <summary>The underlying error's message.</summary>
    [Id(3)] public string Reason { get; }

    /// <summary>The underlying error's type, e.g. <c>EventFold.WriterLockedException</c>.</summary>
    [Id(4)] public string CauseType { get; }
}
