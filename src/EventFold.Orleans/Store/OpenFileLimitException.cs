namespace EventFold.Orleans.Store;

/// <summary>
/// A stream's writer could not be opened because the process has no file descriptor left (EMFILE/ENFILE), even after
/// the store closed its idle writers. Nothing was written.
/// </summary>
/// <remarks>
/// The store keeps at most <c>EventFoldOptions.MaxOpenWriters</c> writers open; the process's open-file limit
/// (<c>ulimit -n</c>) must leave room for them and for everything else (sockets, snapshots, readers).
/// </remarks>
[GenerateSerializer, Alias("EventFold.OpenFileLimitException")]
public sealed class OpenFileLimitException : IOException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="directory">The stream directory whose writer could not be opened.</param>
    /// <param name="limit">The process's open-file limit, or -1 when unknown.</param>
    /// <param name="maxOpenWriters">The configured <c>EventFoldOptions.MaxOpenWriters</c>.</param>
    /// <param name="openWriters">The writers open (all in use) when the open failed.</param>
    /// <param name="innerException">The EMFILE/ENFILE error.</param>
    public OpenFileLimitException(string directory, long limit, int maxOpenWriters, int openWriters, Exception? innerException)
        : base($"Cannot open the writer of \"{directory}\": the process has reached its open-file limit "
            + $"({(limit >= 0 ? $"{limit} descriptors" : "unknown")}, see ulimit -n) with {openWriters} stream writers open and in use. "
            + $"EventFoldOptions.MaxOpenWriters is {maxOpenWriters}: set it well below the limit (sockets, snapshots and readers need descriptors too), "
            + "or raise the limit (ulimit -n, LimitNOFILE= in a systemd unit).", innerException)
    {
        Directory = directory;
        Limit = limit;
        MaxOpenWriters = maxOpenWriters;
        OpenWriters = openWriters;
    }

    /// <summary>The stream directory whose writer could not be opened.</summary>
    [Id(0)] public string Directory { get; }

    /// <summary>The process's open-file limit (soft <c>RLIMIT_NOFILE</c>), or -1 when unknown.</summary>
    [Id(1)] public long Limit { get; }

    /// <summary>The configured <c>EventFoldOptions.MaxOpenWriters</c>.</summary>
    [Id(2)] public int MaxOpenWriters { get; }

    /// <summary>The stream writers open when the open failed.</summary>
    [Id(3)] public int OpenWriters { get; }
}
