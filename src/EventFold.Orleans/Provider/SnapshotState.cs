namespace EventFold.Orleans.Provider;

/// <summary>What an aggregate stores in the <c>state</c> field of <c>views/state.snapshot.json</c>.</summary>
/// <param name="Version">The number of events folded into <paramref name="View"/>, archived ones included.</param>
/// <param name="View">The grain's journaled view.</param>
/// <param name="ArchiveLength">
/// The committed size in bytes of <c>archive.jsonl.zst</c> whose events <paramref name="View"/> holds: the proof that the
/// snapshot continues the current archive, not only the active log. Every rotation makes the archive longer, so a
/// snapshot taken before a rotation whose own snapshot was never saved (a crash or a full disk in between) no longer
/// matches and is ignored. <see langword="null"/> in snapshots written by an earlier release; those are never trusted
/// (they may also lack the public fields that release did not store): the log is replayed once and a new snapshot saved.
/// </param>
internal sealed record SnapshotState<TView>(long Version, TView View, long? ArchiveLength = null);
