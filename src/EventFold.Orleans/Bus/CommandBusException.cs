namespace EventFold.Orleans.Bus;

/// <summary>
/// A command the <see cref="ICommandBus"/> refused before it reached an aggregate because the envelope itself is wrong
/// (unknown aggregate or command type, malformed JSON, a command the aggregate does not take, an unusable id or context).
/// </summary>
/// <remarks>
/// Sending the same envelope again always fails the same way: callers that retry (process managers) should treat these
/// as permanent, not transient. Nothing was written.
/// </remarks>
[GenerateSerializer, Alias("EventFold.CommandBusException")]
public abstract class CommandBusException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="aggregateType">The envelope's aggregate type name.</param>
    /// <param name="message">What is wrong and how to fix it.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    protected CommandBusException(string? aggregateType, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        AggregateType = aggregateType;
    }

    /// <summary>The envelope's aggregate type name, as sent.</summary>
    [Id(0)] public string? AggregateType { get; }
}
