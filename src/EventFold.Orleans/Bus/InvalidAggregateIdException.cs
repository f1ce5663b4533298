namespace EventFold.Orleans.Bus;

/// <summary>The envelope's aggregate id is null, empty or cannot be stored as a stream (see <c>StreamIdEncoding</c>).</summary>
[GenerateSerializer, Alias("EventFold.InvalidAggregateIdException")]
public sealed class InvalidAggregateIdException : CommandBusException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="aggregateType">The envelope's aggregate type name.</param>
    /// <param name="reason">Why the id cannot be used.</param>
    /// <param name="innerException">The stream id check's own error, if any.</param>
    public InvalidAggregateIdException(string aggregateType, string reason, Exception? innerException = null)
        : base(aggregateType, $"The command envelope for aggregate type '{aggregateType}' has an unusable AggregateId: {reason}", innerException)
    {
        Reason = reason;
    }

    /// <summary>Why the id cannot be used.</summary>
    [Id(0)] public string Reason { get; }
}
