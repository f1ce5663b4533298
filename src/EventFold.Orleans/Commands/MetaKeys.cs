namespace EventFold.Orleans.Commands;

/// <summary>The keys the runtime writes into each event's <c>meta</c> object.</summary>
public static class MetaKeys
{
    /// <summary>The id of the command that produced the event.</summary>
    public const string CommandId = "command_id";

    /// <summary>The fingerprint (type and content hash) of the command that produced the event: tells a resent command from another command reusing its id.</summary>
    public const string CommandHash = "command_hash";

    /// <summary>The correlation id of the request.</summary>
    public const string CorrelationId = "correlation_id";

    /// <summary>The id of the message that caused the command.</summary>
    public const string CausationId = "causation_id";
}
