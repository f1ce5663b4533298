namespace EventFold.Orleans.Tests.Events.Domain;

/// <summary>A state made of public fields only.</summary>
[GenerateSerializer]
public sealed class FieldCounterState
{
    [Id(0)] public int Count;
    [Id(1)] public List<string> Notes = [];
}
