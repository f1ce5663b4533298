namespace EventFold.Orleans.Bus;

/// <summary>The command is of a known class, but not one the target aggregate takes (it does not derive from the aggregate's command base type).</summary>
[GenerateSerializer, Alias("EventFold.CommandNotAcceptedException")]
public sealed class CommandNotAcceptedException : CommandBusException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="aggregateType">The target aggregate type name.</param>
    /// <param name="commandType">The command's stable type name.</param>
    /// <param name="commandClasses">The full names of the classes known under that name.</param>
    /// <param name="commandBaseType">The full name of the aggregate's command base type.</param>
    public CommandNotAcceptedException(string aggregateType, string commandType, IReadOnlyCollection<string> commandClasses, string commandBaseType)
        : base(aggregateType, $"Aggregate type '{aggregateType}' does not take the command '{commandType}' ({string.Join(", ", commandClasses)}): " +
            $"its commands derive from {commandBaseType}. Send it to the aggregate type it belongs to.")
    {
        CommandType = commandType;
        CommandClasses = [.. commandClasses];
        CommandBaseType = commandBaseType;
    }

    /// <summary>The command's stable type name.</summary>
    [Id(0)] public string CommandType { get; }

    /// <summary>The full names of the classes known under <see cref="CommandType"/>.</summary>
    [Id(1)] public string[] CommandClasses { get; }

    /// <summary>The full name of the aggregate's command base type.</summary>
    [Id(2)] public string CommandBaseType { get; }
}
