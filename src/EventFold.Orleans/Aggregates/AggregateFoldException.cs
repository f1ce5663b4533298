namespace EventFold.Orleans.Aggregates;

/// <summary>
/// The aggregate's <c>Apply</c> threw on an event its <c>Decide</c> produced (an overflow, a forgotten case), so the
/// command was refused. Nothing of the command was written: a line the fold cannot read would stop the aggregate from
/// ever loading again.
/// </summary>
/// <remarks>This is a bug in the domain code, not a domain rejection: fix <c>Apply</c> (or <c>Decide</c>) for <see cref="EventType"/>.</remarks>
[GenerateSerializer, Alias("EventFold.AggregateFoldException")]
public sealed class AggregateFoldException : AggregateStreamException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="aggregateType">The aggregate type.</param>
    /// <param name="id">The aggregate id.</param>
    /// <param name="version">The stream version the command was decided at.</param>
    /// <param name="eventType">The CLR type of the event <c>Apply</c> threw on.</param>
    /// <param name="eventIndex">The event's 0-based position among the command's events.</param>
    /// <param name="cause">What <c>Apply</c> threw.</param>
    public AggregateFoldException(string aggregateType, string id, long version, Type eventType, int eventIndex, Exception cause)
        : base(
            $"The command on {aggregateType}/{id} at version {version} was not written: Apply threw {cause.GetType().Name} on its event #{eventIndex} " +
            $"({eventType.FullName}): {cause.Message}. Fix Apply for this event type; the aggregate is unchanged.",
            aggregateType,
            id,
            version,
            cause)
    {
        EventType = eventType.FullName ?? eventType.Name;
        EventIndex = eventIndex;
    }

    /// <summary>The full CLR name of the event type <c>Apply</c> threw on.</summary>
    [Id(0)] public string EventType { get; }

    /// <summary>The event's 0-based position among the command's events.</summary>
    [Id(1)] public int EventIndex { get; }
}
