namespace EventFold;

/// <summary>How a writer excludes other writers of the same log.</summary>
public enum LockMode
{
    /// <summary>
    /// <c>flock(LOCK_EX|LOCK_NB)</c> on <c>app.jsonl</c> (Windows: an exclusive-write share mode), taken with
    /// <see cref="FileLock"/>. Interoperates with the Rust crate's writer lock. Not turned off by
    /// <c>DOTNET_SYSTEM_IO_DISABLEFILELOCKING</c>; a file system that refuses the lock fails the open. The default.
    /// </summary>
    Flock,

    /// <summary>
    /// No lock. Writers must be coordinated externally; before each append the writer re-reads the file length and last
    /// line, so a writer that is never concurrent with another still produces a valid log.
    /// </summary>
    None,
}
