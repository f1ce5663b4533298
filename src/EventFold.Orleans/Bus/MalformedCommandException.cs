using System.Text.Json;

namespace EventFold.Orleans.Bus;

/// <summary>A JSON envelope's payload is not valid JSON for its command class.</summary>
[GenerateSerializer, Alias("EventFold.MalformedCommandException")]
public sealed class MalformedCommandException : CommandBusException
{
    /// <summary>Creates the exception from the JSON reader's error.</summary>
    /// <param name="aggregateType">The target aggregate type name.</param>
    /// <param name="commandType">The command type name.</param>
    /// <param name="commandClass">The class the payload was decoded into.</param>
    /// <param name="error">The reader's error, which carries the position.</param>
    public MalformedCommandException(string aggregateType, string commandType, Type commandClass, JsonException error)
        : base(aggregateType, $"The JSON payload of command '{commandType}' ({commandClass.FullName}) for aggregate type '{aggregateType}' is malformed" +
            $"{Where(error.LineNumber, error.BytePositionInLine, error.Path)}: {error.Message}", error)
    {
        CommandType = commandType;
        LineNumber = error.LineNumber;
        BytePositionInLine = error.BytePositionInLine;
        Path = error.Path;
    }

    /// <summary>Creates the exception for a payload that decodes to nothing.</summary>
    /// <param name="aggregateType">The target aggregate type name.</param>
    /// <param name="commandType">The command type name.</param>
    /// <param name="reason">What is wrong with the payload.</param>
    public MalformedCommandException(string aggregateType, string commandType, string reason)
        : base(aggregateType, $"The JSON payload of command '{commandType}' for aggregate type '{aggregateType}' is malformed: {reason}")
    {
        CommandType = commandType;
    }

    /// <summary>The command type name.</summary>
    [Id(0)] public string CommandType { get; }

    /// <summary>The zero-based line of the error in the payload, when known.</summary>
    [Id(1)] public long? LineNumber { get; }

    /// <summary>The zero-based byte offset of the error within its line, when known.</summary>
    [Id(2)] public long? BytePositionInLine { get; }

    /// <summary>The JSON path of the error, e.g. <c>$.quantity</c>, when known.</summary>
    [Id(3)] public string? Path { get; }

    private static string Where(long? line, long? position, string? path) =>
        line is null ? "" : $" at line {line}, byte {position}{(path is null ? "" : $", path {path}")}";
}
