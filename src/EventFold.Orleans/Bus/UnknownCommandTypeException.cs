namespace EventFold.Orleans.Bus;

/// <summary>No command class of the target aggregate, nor any other known command class, has the JSON envelope's command type name.</summary>
[GenerateSerializer, Alias("EventFold.UnknownCommandTypeException")]
public sealed class UnknownCommandTypeException : CommandBusException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="aggregateType">The target aggregate type name.</param>
    /// <param name="commandType">The unknown command type name.</param>
    /// <param name="knownCommandTypes">The command type names the aggregate takes.</param>
    public UnknownCommandTypeException(string aggregateType, string? commandType, IReadOnlyCollection<string> knownCommandTypes)
        : base(aggregateType, $"No command class is known under the command type name '{commandType}'. Aggregate type '{aggregateType}' takes: " +
            $"{(knownCommandTypes.Count == 0 ? "no named command classes" : string.Join(", ", knownCommandTypes.Order(StringComparer.Ordinal).Select(n => $"'{n}'")))}. " +
            "Mark the class with [CommandType(\"" + commandType + "\")] or send its class name; its assembly must be loaded when the silo starts.")
    {
        CommandType = commandType;
        KnownCommandTypes = [.. knownCommandTypes];
    }

    /// <summary>The unknown command type name.</summary>
    [Id(0)] public string? CommandType { get; }

    /// <summary>The command type names the aggregate takes.</summary>
    [Id(1)] public string[] KnownCommandTypes { get; }
}
