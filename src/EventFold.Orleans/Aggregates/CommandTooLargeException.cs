namespace EventFold.Orleans.Aggregates;

/// <summary>
/// The events a command produced are larger than <c>EventFoldOptions.MaxCommandBytes</c> (measured as their JSON data).
/// The command was refused before anything was written.
/// </summary>
/// <remarks>
/// The limit keeps every command's batch well below what Orleans can carry in one message, so that a written command can
/// always be acknowledged and replayed. Split the command, keep large payloads outside the log, or raise the limit.
/// </remarks>
[GenerateSerializer, Alias("EventFold.CommandTooLargeException")]
public sealed class CommandTooLargeException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="aggregateType">The aggregate type.</param>
    /// <param name="id">The aggregate id.</param>
    /// <param name="eventCount">How many events the command produced.</param>
    /// <param name="bytes">Their JSON size, counted up to the event that crossed the limit.</param>
    /// <param name="limit">The configured limit.</param>
    public CommandTooLargeException(string aggregateType, string id, int eventCount, long bytes, long limit)
        : base(
            $"The command on {aggregateType}/{id} produced {eventCount} event(s) of at least {bytes} bytes of JSON, more than " +
            $"EventFoldOptions.MaxCommandBytes ({limit}); nothing was written. Split the command or keep large payloads outside the events.")
    {
        AggregateType = aggregateType;
        AggregateId = id;
        Bytes = bytes;
        Limit = limit;
    }

    /// <summary>The aggregate type.</summary>
    [Id(0)] public string AggregateType { get; }

    /// <summary>The aggregate id.</summary>
    [Id(1)] public string AggregateId { get; }

    /// <summary>The JSON size of the command's events, counted up to the event that crossed the limit.</summary>
    [Id(2)] public long Bytes { get; }

    /// <summary>The configured <c>EventFoldOptions.MaxCommandBytes</c>.</summary>
    [Id(3)] public long Limit { get; }
}
