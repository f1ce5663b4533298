using EventFold.Orleans.Aggregates;
using Orleans.Providers;

namespace EventFold.Orleans.Tests.Hosting.Domain;

public sealed class UnstorableAggregate : Aggregate<UnstorableState, int, UnstorableEvent>
{
    public override UnstorableState Initial => new();

    public override Decision<UnstorableEvent> Decide(UnstorableState state, int command) => Accept(PrivateSetterEvent.Of(command));

    public override UnstorableState Apply(UnstorableState state, UnstorableEvent @event) =>
        @event is PrivateSetterEvent e ? state.With(state.Hidden + e.Amount) : throw new ArgumentOutOfRangeException(nameof(@event));
}

public interface IUnstorable : IAggregateGrain<UnstorableState, int, UnstorableEvent>;

[AggregateType("unstorable"), LogConsistencyProvider(ProviderName = CheckedProvider.Unstorable)]
public sealed class UnstorableGrain : AggregateGrain<UnstorableAggregate, UnstorableState, int, UnstorableEvent>, IUnstorable;
