using EventFold.Orleans.Events;
using Orleans.EventSourcing;

namespace EventFold.Orleans.Tests.Domain;

/// <summary>An ordinary Orleans JournaledGrain (no EventFold base class, no attribute): EventFold is the default provider.</summary>
public interface ITallyGrain : IGrainWithStringKey
{
    Task<int> Add(int amount);

    Task<int> Total();

    Task<int[]> History(int from, int to);
}

[GenerateSerializer]
public sealed class TallyState
{
    [Id(0)] public int Total { get; set; }
}

[GenerateSerializer, EventType("tally-added")]
public sealed class TallyAdded
{
    [Id(0)] public int Amount { get; set; }
}

public sealed class TallyGrain : JournaledGrain<TallyState, TallyAdded>, ITallyGrain
{
    public async Task<int> Add(int amount)
    {
        RaiseEvent(new TallyAdded { Amount = amount });
        await ConfirmEvents();
        return Version;
    }

    public Task<int> Total() => Task.FromResult(State.Total);

    public async Task<int[]> History(int from, int to) => [.. (await RetrieveConfirmedEvents(from, to)).Select(e => e.Amount)];

    protected override void TransitionState(TallyState state, TallyAdded @event) => state.Total += @event.Amount;
}
