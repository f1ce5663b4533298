namespace EventFold.Orleans.Projections;

/// <summary>One followed stream: aggregate type and instance id.</summary>
internal readonly record struct StreamKey(string AggregateType, string Id)
{
    public override string ToString() => $"{AggregateType}/{Id}";
}
