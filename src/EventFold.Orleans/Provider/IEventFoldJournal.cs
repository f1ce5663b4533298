namespace EventFold.Orleans.Provider;

/// <summary>What a grain asks of its EventFold journal beyond Orleans' log-view interfaces.</summary>
internal interface IEventFoldJournal
{
    /// <summary>Called when the grain deactivates: saves the snapshot per policy and releases the stream's writer.</summary>
    Task OnGrainDeactivatingAsync();
}
