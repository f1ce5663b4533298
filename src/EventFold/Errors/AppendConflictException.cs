namespace EventFold;

/// <summary>A conditional append found the log at a different version than the caller expected; nothing was written.</summary>
/// <remarks>
/// A version is the pair (end offset, hash of the last line). <see cref="ActualHash"/> is <see langword="null"/> when the
/// offsets already differ (the hash was not compared), mirroring the Rust crate's <c>AppendConflict</c>.
/// </remarks>
public sealed class AppendConflictException : EventFoldException
{
    /// <summary>Creates the conflict error.</summary>
    /// <param name="expectedOffset">The offset the caller expected the log to end at.</param>
    /// <param name="actualOffset">The offset the log actually ends at.</param>
    /// <param name="expectedHash">The last-line hash the caller expected.</param>
    /// <param name="actualHash">The actual last-line hash, or <see langword="null"/> if the offsets differed.</param>
    public AppendConflictException(long expectedOffset, long actualOffset, string expectedHash, string? actualHash)
        : base($"conditional append conflict: expected offset {expectedOffset} (hash \"{expectedHash}\"), actual offset {actualOffset} (hash {(actualHash is null ? "not compared" : $"\"{actualHash}\"")})")
    {
        ExpectedOffset = expectedOffset;
        ActualOffset = actualOffset;
        ExpectedHash = expectedHash;
        ActualHash = actualHash;
    }

    /// <summary>The offset the caller expected the log to end at.</summary>
    public long ExpectedOffset { get; }

    /// <summary>The offset the log actually ended at.</summary>
    public long ActualOffset { get; }

    /// <summary>The last-line hash the caller expected.</summary>
    public string ExpectedHash { get; }

    /// <summary>The actual last-line hash; <see langword="null"/> when the offsets differed and the hash was not compared.</summary>
    public string? ActualHash { get; }
}
