namespace EventFold.Orleans.Tests.Events.Domain;

[GenerateSerializer]
public abstract record FieldCounterCommand;

[GenerateSerializer]
public sealed record CountBy([property: Id(0)] int Amount, [property: Id(1)] string? Note) : FieldCounterCommand;
