namespace EventFold.Orleans.Bus;

/// <summary>Two or more aggregate grain classes the silo hosts share the envelope's aggregate type name, so the bus cannot tell which one to call.</summary>
[GenerateSerializer, Alias("EventFold.AmbiguousAggregateTypeException")]
public sealed class AmbiguousAggregateTypeException : CommandBusException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="aggregateType">The shared name.</param>
    /// <param name="grainClasses">The full names of the grain classes that claim it.</param>
    public AmbiguousAggregateTypeException(string aggregateType, IReadOnlyCollection<string> grainClasses)
        : base(aggregateType, $"The aggregate type name '{aggregateType}' is used by {grainClasses.Count} grain classes: " +
            $"{string.Join(", ", grainClasses)}. The command bus needs one grain class per aggregate type; give the others their own [AggregateType(\"...\")].")
    {
        GrainClasses = [.. grainClasses];
    }

    /// <summary>The full names of the grain classes that claim the name.</summary>
    [Id(0)] public string[] GrainClasses { get; }
}
