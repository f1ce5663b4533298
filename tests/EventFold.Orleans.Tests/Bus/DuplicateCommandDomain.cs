using EventFold.Orleans.Aggregates;
using EventFold.Orleans.Commands;
using EventFold.Orleans.Events;
using Orleans.Providers;

namespace EventFold.Orleans.Tests.Bus;

/// <summary>Two command classes under one stable name: a silo that stores this grain with EventFold must refuse to start.</summary>
public sealed class DuplicateNamesAggregate : Aggregate<int, DuplicateNamesCommand, DuplicateNamesEvent>
{
    public override int Initial => 0;

    public override Decision<DuplicateNamesEvent> Decide(int state, DuplicateNamesCommand command) => Accept(new DuplicateNamesCounted());

    public override int Apply(int state, DuplicateNamesEvent @event) => state + 1;
}

[GenerateSerializer]
public abstract record DuplicateNamesCommand;

[GenerateSerializer, CommandType("bus-twice")]
public sealed record FirstNamedTwice : DuplicateNamesCommand;

[GenerateSerializer, CommandType("bus-twice")]
public sealed record SecondNamedTwice : DuplicateNamesCommand;

[GenerateSerializer]
public abstract record DuplicateNamesEvent;

[GenerateSerializer, EventType("bus-duplicate-names-counted")]
public sealed record DuplicateNamesCounted : DuplicateNamesEvent;

public interface IDuplicateNames : IAggregateGrain<int, DuplicateNamesCommand, DuplicateNamesEvent>;

/// <summary>Stored by EventFold only in silos that serve <see cref="ProviderName"/>, so every other test's silo starts.</summary>
[AggregateType("bus-duplicate-names"), LogConsistencyProvider(ProviderName = ProviderName)]
public sealed class DuplicateNamesGrain : AggregateGrain<DuplicateNamesAggregate, int, DuplicateNamesCommand, DuplicateNamesEvent>, IDuplicateNames
{
    public const string ProviderName = "eventfold-checked-bus-duplicate-names";
}
