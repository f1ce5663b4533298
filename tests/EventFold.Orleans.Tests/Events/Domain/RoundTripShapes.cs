using EventFold.Orleans.Events;

namespace EventFold.Orleans.Tests.Events.Domain;

/// <summary>A positional record: nullable members, nested collections, and a class with fields inside.</summary>
[GenerateSerializer, EventType("record-shape")]
public sealed record RecordShape(
    [property: Id(0)] int Number,
    [property: Id(1)] string? Text,
    [property: Id(2)] long? Maybe,
    [property: Id(3)] List<List<int>> Grid,
    [property: Id(4)] Dictionary<string, string?> Tags,
    [property: Id(5)] FieldShape? Child);

/// <summary>A class of public fields only, the way Orleans users often write them.</summary>
[GenerateSerializer, EventType("field-shape")]
public sealed class FieldShape
{
    [Id(0)] public int Count;
    [Id(1)] public string? Name;
    [Id(2)] public Guid? Key;
    [Id(3)] public List<Dictionary<string, int>> Nested = [];
    [Id(4)] public int[] Numbers = [];
    [Id(5)] public DateTimeOffset At;
}

/// <summary>A class mixing fields, init-only properties and a nested class.</summary>
[GenerateSerializer, EventType("mixed-shape")]
public sealed class MixedShape
{
    [Id(0)] public decimal Amount;
    [Id(1)] public string Label { get; init; } = "";
    [Id(2)] public FieldShape Inner { get; init; } = new();
    [Id(3)] public HashSet<string> Set = [];
}
