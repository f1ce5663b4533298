using EventFold.Orleans.Aggregates;

namespace EventFold.Orleans.Tests.ExternalDomain;

public sealed class LedgerAggregate : Aggregate<LedgerState, Post, LedgerEvent>
{
    public override LedgerState Initial => new();

    public override Decision<LedgerEvent> Decide(LedgerState state, Post command) => Accept(command.Entry);

    public override LedgerState Apply(LedgerState state, LedgerEvent @event) => @event.ApplyTo(state);
}
