namespace EventFold.Orleans.Store;

/// <summary>
/// Thrown when the stream registry file contains a line that cannot be understood and that is not a
/// torn last line left by a crash.
/// </summary>
/// <remarks>
/// A torn last line is repaired automatically; anything else means the file was damaged or edited
/// and needs a person to look at it, so the registry refuses to guess.
/// </remarks>
[GenerateSerializer, Alias("EventFold.CorruptRegistryException")]
public sealed class CorruptRegistryException : IOException
{
    /// <summary>Creates the exception for the line starting at <paramref name="offset"/> of <paramref name="path"/>.</summary>
    /// <param name="path">Full path of the registry file.</param>
    /// <param name="offset">Byte offset of the start of the bad line.</param>
    /// <param name="reason">What is wrong with the line.</param>
    /// <param name="innerException">The parse error, if any.</param>
    public CorruptRegistryException(string path, long offset, string reason, Exception? innerException = null)
        : base($"Stream registry \"{path}\" is corrupt at byte offset {offset}: {reason}.", innerException)
    {
        Path = path;
        Offset = offset;
        Reason = reason;
    }

    /// <summary>Full path of the registry file.</summary>
    [Id(0)] public string Path { get; }

    /// <summary>Byte offset of the start of the bad line.</summary>
    [Id(1)] public long Offset { get; }

    /// <summary>What is wrong with the line.</summary>
    [Id(2)] public string Reason { get; }
}
