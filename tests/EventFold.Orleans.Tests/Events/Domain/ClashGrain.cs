using EventFold.Orleans.Aggregates;
using EventFold.Orleans.Tests.ExternalDomain;
using EventFold.Orleans.Tests.Hosting;
using Orleans.Providers;

namespace EventFold.Orleans.Tests.Events.Domain;

/// <summary>Counts <see cref="ClashEvent"/>s, whose name 'clash' two classes in two assemblies claim.</summary>
public sealed class ClashAggregate : Aggregate<int, string, ClashEvent>
{
    public override int Initial => 0;

    public override Decision<ClashEvent> Decide(int state, string command) => Accept(new ClashHere());

    public override int Apply(int state, ClashEvent @event) => state + 1;
}

public interface IClash : IAggregateGrain<int, string, ClashEvent>;

[AggregateType("clash"), LogConsistencyProvider(ProviderName = CheckedProvider.Clash)]
public sealed class ClashGrain : AggregateGrain<ClashAggregate, int, string, ClashEvent>, IClash;
