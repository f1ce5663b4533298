using EventFold.Orleans.Aggregates;

namespace EventFold.Orleans.Tests.Events.Domain;

public interface IFieldCounter : IAggregateGrain<FieldCounterState, FieldCounterCommand, FieldCounterEvent>;

[AggregateType("field-counter")]
public sealed class FieldCounterGrain : AggregateGrain<FieldCounterAggregate, FieldCounterState, FieldCounterCommand, FieldCounterEvent>, IFieldCounter;
