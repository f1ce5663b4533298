using EventFold.Orleans.Aggregates;

namespace EventFold.Orleans.Tests.Domain;

public interface ICounterAggregate : IAggregateGrain<CounterState, CounterCommand, CounterEvent>;

[AggregateType("counter")]
public sealed class CounterGrain : AggregateGrain<CounterAggregate, CounterState, CounterCommand, CounterEvent>, ICounterAggregate;
