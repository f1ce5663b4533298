using EventFold.Orleans.Tests.Domain;
using Orleans.EventSourcing;

namespace EventFold.Orleans.Tests.Provider;

/// <summary>A plain JournaledGrain (no EventFold base class) whose fold throws on a negative amount.</summary>
public interface IFragileTallyGrain : IGrainWithStringKey
{
    Task<int> Add(int amount);

    Task<int> Total();
}

public sealed class FragileTallyGrain : JournaledGrain<TallyState, TallyAdded>, IFragileTallyGrain
{
    public async Task<int> Add(int amount)
    {
        RaiseEvent(new TallyAdded { Amount = amount });
        await ConfirmEvents();
        return Version;
    }

    public Task<int> Total() => Task.FromResult(State.Total);

    protected override void TransitionState(TallyState state, TallyAdded @event) =>
        state.Total += @event.Amount >= 0 ? @event.Amount : throw new InvalidOperationException($"cannot fold a negative amount {@event.Amount}");
}
