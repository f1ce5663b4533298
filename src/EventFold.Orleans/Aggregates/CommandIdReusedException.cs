namespace EventFold.Orleans.Aggregates;

/// <summary>
/// A command arrived with a <c>CommandContext.CommandId</c> the aggregate has already applied, but it is a different
/// command (another type or other content). It was refused and nothing was written: returning the first command's
/// result would report a command as done that never ran.
/// </summary>
/// <remarks>Give every distinct command its own id; reuse an id only to resend the very same command.</remarks>
[GenerateSerializer, Alias("EventFold.CommandIdReusedException")]
public sealed class CommandIdReusedException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="aggregateType">The aggregate type.</param>
    /// <param name="id">The aggregate id.</param>
    /// <param name="commandId">The reused command id.</param>
    /// <param name="commandType">The CLR type of the refused command.</param>
    /// <param name="firstVersion">The version of the first event the id's original command wrote.</param>
    public CommandIdReusedException(string aggregateType, string id, string commandId, Type commandType, long firstVersion)
        : base(
            $"The command id '{commandId}' was already used on {aggregateType}/{id} by a different command (its events start at version {firstVersion}); " +
            $"this {commandType.Name} was not executed and nothing was written. Use a new CommandId for every distinct command.")
    {
        AggregateType = aggregateType;
        AggregateId = id;
        CommandId = commandId;
        CommandType = commandType.FullName ?? commandType.Name;
    }

    /// <summary>The aggregate type.</summary>
    [Id(0)] public string AggregateType { get; }

    /// <summary>The aggregate id.</summary>
    [Id(1)] public string AggregateId { get; }

    /// <summary>The reused command id.</summary>
    [Id(2)] public string CommandId { get; }

    /// <summary>The full CLR name of the refused command's type.</summary>
    [Id(3)] public string CommandType { get; }
}
