namespace EventFold.Orleans.Bus;

/// <summary>No aggregate grain class this silo hosts has the envelope's aggregate type name.</summary>
[GenerateSerializer, Alias("EventFold.UnknownAggregateTypeException")]
public sealed class UnknownAggregateTypeException : CommandBusException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="aggregateType">The unknown name.</param>
    /// <param name="knownTypes">The aggregate type names the bus can reach.</param>
    public UnknownAggregateTypeException(string? aggregateType, IReadOnlyCollection<string> knownTypes)
        : base(aggregateType, $"No aggregate grain class hosted by this silo has the aggregate type name '{aggregateType}'. " +
            $"Known aggregate types: {Describe(knownTypes)}. Check the name against the grain class's [AggregateType(\"...\")].")
    {
        KnownTypes = [.. knownTypes];
    }

    /// <summary>The aggregate type names the bus can reach.</summary>
    [Id(0)] public string[] KnownTypes { get; }

    private static string Describe(IReadOnlyCollection<string> names) =>
        names.Count == 0 ? "none" : string.Join(", ", names.Order(StringComparer.Ordinal).Select(n => $"'{n}'"));
}
