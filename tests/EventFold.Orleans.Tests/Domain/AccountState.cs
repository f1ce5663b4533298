namespace EventFold.Orleans.Tests.Domain;

[GenerateSerializer]
public sealed record AccountState
{
    [Id(0)] public bool Opened { get; init; }
    [Id(1)] public string? Owner { get; init; }
    [Id(2)] public long Balance { get; init; }
    [Id(3)] public int Deposits { get; init; }
}
