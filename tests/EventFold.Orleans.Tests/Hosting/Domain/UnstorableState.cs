using System.Text.Json.Serialization;

namespace EventFold.Orleans.Tests.Hosting.Domain;

/// <summary>Three ways to lose an Orleans member on disk, one of them in a nested type.</summary>
[GenerateSerializer]
public sealed class UnstorableState
{
    [Id(0)] private int _hidden;

    [Id(1), JsonIgnore] public string? Ignored { get; set; }

    [Id(2)] public List<ReadonlyHolder> Holders { get; set; } = [];

    public int Hidden => _hidden;

    public UnstorableState With(int hidden) => new() { _hidden = hidden, Ignored = Ignored, Holders = Holders };
}

[GenerateSerializer]
public sealed class ReadonlyHolder
{
    [Id(0)] public readonly int Fixed = 1;
}
