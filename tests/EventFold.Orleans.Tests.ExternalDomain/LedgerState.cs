namespace EventFold.Orleans.Tests.ExternalDomain;

[GenerateSerializer]
public sealed record LedgerState
{
    [Id(0)] public bool Opened { get; init; }
    [Id(1)] public long Balance { get; init; }
}
