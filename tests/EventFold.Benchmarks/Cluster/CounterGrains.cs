using EventFold.Orleans.Aggregates;
using Orleans.Providers;

namespace EventFold.Benchmarks.Cluster;

/// <summary>The counter's grain API plus a way to force a deactivation (for the reactivation row).</summary>
public interface IBenchCounter : IAggregateGrain<CounterState, CounterCommand, CounterEvent>
{
    /// <summary>Asks Orleans to deactivate this activation once the call returns.</summary>
    [Alias("Deactivate")]
    Task Deactivate();
}

/// <summary>The counter on the EventFold provider (the store's durability decides Durable or Buffered).</summary>
[Alias("bench.IEventFoldCounter")]
public interface IEventFoldCounter : IBenchCounter;

/// <summary>The same counter on Orleans' built-in LogStorage provider over in-memory grain storage.</summary>
[Alias("bench.ILogStorageCounter")]
public interface ILogStorageCounter : IBenchCounter;

public abstract class CounterGrainBase : AggregateGrain<CounterAggregate, CounterState, CounterCommand, CounterEvent>
{
    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}

[AggregateType("bench-counter")]
public sealed class EventFoldCounterGrain : CounterGrainBase, IEventFoldCounter;

/// <summary>Overrides the base class's EventFold provider attribute with the built-in LogStorage provider.</summary>
[AggregateType("bench-counter-logstorage")]
[LogConsistencyProvider(ProviderName = SiloHost.LogStorageProvider)]
[StorageProvider(ProviderName = SiloHost.LogStorageProvider)]
public sealed class LogStorageCounterGrain : CounterGrainBase, ILogStorageCounter;
