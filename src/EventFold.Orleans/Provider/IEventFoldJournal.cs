namespace EventFold.Orleans.Provider;

/// <summary>What a grain asks of its EventFold journal beyond Orleans' log-view interfaces.</summary>
/// <remarks>
/// Commands are identified by the first entry they submit (the object passed to <c>RaiseConditionalEvents</c>): with
/// interleaved commands, a per-command failure or durability cannot travel through grain fields.
/// </remarks>
internal interface IEventFoldJournal
{
    /// <summary>Called when the grain deactivates: saves the snapshot per policy and releases the stream's writer.</summary>
    Task OnGrainDeactivatingAsync();

    /// <summary>Sets the durability of the command whose first entry is <paramref name="firstEntry"/> (default: the store's).</summary>
    void SetDurability(object firstEntry, Durability durability);

    /// <summary>The failure that refused the command whose first entry is <paramref name="firstEntry"/>, if any (removed once read).</summary>
    StreamOperationFailed? TakeFailure(object firstEntry);

    /// <summary>Whether the journal's view could not be folded: the activation must be reloaded from disk.</summary>
    bool Faulted { get; }
}
