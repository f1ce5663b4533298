namespace EventFold.Cli.Scanning;

/// <summary>How bad a finding is.</summary>
internal enum Severity
{
    /// <summary>Worth knowing, not a problem (e.g. a registered stream that never got an event); does not fail <c>verify</c>.</summary>
    Info,

    /// <summary>The runtime copes (rebuilds a snapshot or a projection, cuts a torn tail at the next open) but the store is not clean.</summary>
    Warning,

    /// <summary>Data the runtime cannot read: loading the stream or a consumer fails until it is repaired.</summary>
    Error,
}

/// <summary>One problem found in a store, located by file and byte offset.</summary>
/// <param name="Severity">How bad it is.</param>
/// <param name="Kind">A stable machine-readable name: <c>corrupt-line</c>, <c>torn-tail</c>, <c>broken-batch</c>, <c>corrupt-archive</c>, <c>stale-snapshot</c>, …</param>
/// <param name="File">The file (or directory) concerned.</param>
/// <param name="Offset">The byte offset in <paramref name="File"/>, when it applies (for archives: of the frame in the compressed file).</param>
/// <param name="Message">What is wrong, for people.</param>
/// <param name="Stream"><c>type/id</c> of the stream concerned, when there is one.</param>
/// <param name="Fix">What <c>eventfold repair</c> (or the user) can do about it.</param>
internal sealed record Finding(Severity Severity, string Kind, string File, long? Offset, string Message, string? Stream = null, string? Fix = null);
