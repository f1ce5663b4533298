namespace EventFold.Orleans.Tests.ExternalDomain;

/// <summary>Appends the event it carries: the domain itself does not know every event class.</summary>
[GenerateSerializer]
public sealed record Post([property: Id(0)] LedgerEvent Entry);
