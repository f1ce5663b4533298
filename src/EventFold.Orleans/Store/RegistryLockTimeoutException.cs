namespace EventFold.Orleans.Store;

/// <summary>
/// Thrown in shared mode when the exclusive lock on the stream registry file could not be taken
/// within the timeout, because other processes kept holding it.
/// </summary>
[GenerateSerializer, Alias("EventFold.RegistryLockTimeoutException")]
public sealed class RegistryLockTimeoutException : TimeoutException
{
    /// <summary>Creates the exception for <paramref name="path"/> after waiting <paramref name="waited"/>.</summary>
    /// <param name="path">Full path of the registry file.</param>
    /// <param name="waited">How long the registry tried to take the lock.</param>
    /// <param name="innerException">The last sharing violation seen.</param>
    public RegistryLockTimeoutException(string path, TimeSpan waited, Exception? innerException = null)
        : base($"Could not take the exclusive lock on stream registry \"{path}\" within {waited.TotalSeconds:0.###} s: "
            + "another process kept holding it.", innerException)
    {
        Path = path;
        Waited = waited;
    }

    /// <summary>Full path of the registry file.</summary>
    [Id(0)] public string Path { get; }

    /// <summary>How long the registry tried to take the lock.</summary>
    [Id(1)] public TimeSpan Waited { get; }
}
