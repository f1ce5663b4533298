namespace EventFold.Orleans.Tests.Domain;

/// <summary>A mutable state, changed in place by its fold: what the runtime must copy before a trial fold.</summary>
[GenerateSerializer]
public sealed class CounterState
{
    [Id(0)] public int Total { get; set; }
    [Id(1)] public List<int> History { get; set; } = [];
    [Id(2)] public int Notes { get; set; }
}
