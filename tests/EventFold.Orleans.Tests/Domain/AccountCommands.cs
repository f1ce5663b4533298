namespace EventFold.Orleans.Tests.Domain;

[GenerateSerializer]
public abstract record AccountCommand;

[GenerateSerializer]
public sealed record OpenAccount([property: Id(0)] string Owner) : AccountCommand;

[GenerateSerializer]
public sealed record Deposit([property: Id(0)] long Amount) : AccountCommand;

[GenerateSerializer]
public sealed record Withdraw([property: Id(0)] long Amount) : AccountCommand;

/// <summary>Produces one event per amount: exercises multi-event atomic batches.</summary>
[GenerateSerializer]
public sealed record DepositMany([property: Id(0)] long[] Amounts) : AccountCommand;
