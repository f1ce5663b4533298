namespace EventFold.Cli;

/// <summary>The process exit codes of every <c>eventfold</c> command, for scripts.</summary>
public static class ExitCodes
{
    /// <summary>Success; for <c>verify</c>: the store is clean; for <c>repair</c>: nothing (left) to do.</summary>
    public const int Ok = 0;

    /// <summary>
    /// The command ran and found something: <c>verify</c> found problems, <c>repair --dry-run</c> has fixes to apply,
    /// <c>replay</c> found an event that fails to decode or fold, <c>projections</c> found one that will rebuild,
    /// <c>dead-letters</c> listed unresolved letters.
    /// </summary>
    public const int Findings = 1;

    /// <summary>The command could not run: bad arguments, no store at the path, an unreadable file.</summary>
    public const int Error = 2;

    /// <summary><c>repair --apply</c> refused: another process holds the store lock or a stream's writer lock.</summary>
    public const int Locked = 3;
}
