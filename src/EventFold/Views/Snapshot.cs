namespace EventFold;

/// <summary>The persisted state of a view: the folded state plus the position in the active log it reflects.</summary>
/// <typeparam name="T">The view's state type, serialized with System.Text.Json.</typeparam>
/// <param name="State">The folded state.</param>
/// <param name="Offset">
/// Byte offset into the current <c>app.jsonl</c> just after the last folded line's LF; <c>0</c> after a rotation reset.
/// </param>
/// <param name="Hash">
/// Line hash of the last folded line, or <c>""</c> when nothing was folded or after a rotation reset. A non-empty hash
/// with offset <c>0</c> is valid: a full replay of an archive while the active log is empty.
/// </param>
/// <remarks>
/// On disk this is <c>views/&lt;name&gt;.snapshot.json</c>, with the keys <c>state</c>, <c>offset</c>, <c>hash</c> in that
/// order, byte-compatible with the Rust eventfold crate (see <see cref="SnapshotFile"/>).
/// </remarks>
public sealed record Snapshot<T>(T State, long Offset, string Hash);
