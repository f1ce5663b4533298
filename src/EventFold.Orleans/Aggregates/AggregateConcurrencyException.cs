namespace EventFold.Orleans.Aggregates;

/// <summary>
/// A command kept finding its stream moved by another writer and gave up after
/// <c>EventFoldOptions.MaxConflictRetries</c> re-decisions. Nothing of the command was written.
/// </summary>
[GenerateSerializer, Alias("EventFold.AggregateConcurrencyException")]
public sealed class AggregateConcurrencyException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="aggregateType">The aggregate type.</param>
    /// <param name="id">The aggregate id.</param>
    /// <param name="attempts">How many times the command was decided.</param>
    public AggregateConcurrencyException(string aggregateType, string id, int attempts)
        : base($"The command on {aggregateType}/{id} conflicted with concurrent appends {attempts} times; nothing was written.")
    {
        AggregateType = aggregateType;
        AggregateId = id;
        Attempts = attempts;
    }

    /// <summary>The aggregate type.</summary>
    [Id(0)] public string AggregateType { get; }

    /// <summary>The aggregate id.</summary>
    [Id(1)] public string AggregateId { get; }

    /// <summary>How many times the command was decided.</summary>
    [Id(2)] public int Attempts { get; }
}
