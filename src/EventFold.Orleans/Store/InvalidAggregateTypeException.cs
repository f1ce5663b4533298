namespace EventFold.Orleans.Store;

/// <summary>Thrown when an aggregate type name does not satisfy <see cref="AggregateTypeName"/>'s rules.</summary>
[GenerateSerializer, Alias("EventFold.InvalidAggregateTypeException")]
public sealed class InvalidAggregateTypeException : ArgumentException
{
    /// <summary>Creates the exception for <paramref name="aggregateType"/> rejected because of <paramref name="reason"/>.</summary>
    /// <param name="aggregateType">The rejected name (null if none was given).</param>
    /// <param name="reason">Why the name was rejected, as a sentence fragment.</param>
    /// <param name="paramName">The name of the parameter that held the value.</param>
    public InvalidAggregateTypeException(string? aggregateType, string reason, string? paramName = null)
        : base(BuildMessage(aggregateType, reason), paramName)
    {
        AggregateType = aggregateType;
        Reason = reason;
    }

    /// <summary>The rejected aggregate type name; null if none was given.</summary>
    [Id(0)] public string? AggregateType { get; }

    /// <summary>Why the name was rejected.</summary>
    [Id(1)] public string Reason { get; }

    private static string BuildMessage(string? aggregateType, string reason)
    {
        var shown = aggregateType is null
            ? "(null)"
            : "\"" + (aggregateType.Length > 80 ? aggregateType[..80] + "..." : aggregateType) + "\"";
        return $"Aggregate type name {shown} is invalid: {reason}. "
            + "Aggregate type names are 1 to 64 characters of [a-z0-9_-], starting with [a-z0-9].";
    }
}
