namespace EventFold;

/// <summary>Which lock <see cref="FileLock"/> takes on a file.</summary>
public enum FileLockKind
{
    /// <summary>Any number of shared holders coexist; they exclude an exclusive one (Unix: <c>flock(LOCK_SH)</c>).</summary>
    Shared,

    /// <summary>One holder excludes every other shared or exclusive one (Unix: <c>flock(LOCK_EX)</c>).</summary>
    Exclusive,
}
