using EventFold.Orleans.Aggregates;

namespace EventFold.Orleans.Tests.Domain;

[GenerateSerializer]
public sealed record InsufficientFunds([property: Id(0)] long Balance, [property: Id(1)] long Requested)
    : DomainError("account.insufficient-funds", $"Balance {Balance} is less than {Requested}.");
