namespace EventFold.Orleans.Bus;

/// <summary>A member of the envelope other than its target is unusable: no command, no payload, or a context the aggregate would refuse.</summary>
[GenerateSerializer, Alias("EventFold.InvalidCommandEnvelopeException")]
public sealed class InvalidCommandEnvelopeException : CommandBusException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="aggregateType">The envelope's aggregate type name.</param>
    /// <param name="member">The envelope member at fault, e.g. <c>Command</c> or <c>Context.CommandId</c>.</param>
    /// <param name="reason">What is wrong with it.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public InvalidCommandEnvelopeException(string? aggregateType, string member, string reason, Exception? innerException = null)
        : base(aggregateType, $"The command envelope for aggregate type '{aggregateType}' has an unusable {member}: {reason}", innerException)
    {
        Member = member;
        Reason = reason;
    }

    /// <summary>The envelope member at fault, e.g. <c>Command</c> or <c>Context.CommandId</c>.</summary>
    [Id(0)] public string Member { get; }

    /// <summary>What is wrong with it.</summary>
    [Id(1)] public string Reason { get; }
}
