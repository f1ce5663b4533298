namespace EventFold.Orleans.Provider;

/// <summary>What an aggregate stores in the <c>state</c> field of <c>views/state.snapshot.json</c>.</summary>
/// <param name="Version">The number of events folded into <paramref name="View"/>, archived ones included.</param>
/// <param name="View">The grain's journaled view.</param>
internal sealed record SnapshotState<TView>(long Version, TView View);
