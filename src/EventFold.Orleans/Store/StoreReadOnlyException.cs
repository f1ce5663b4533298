namespace EventFold.Orleans.Store;

/// <summary>Thrown when something tries to write to a store opened with <c>EventFoldOptions.ReadOnly</c>.</summary>
[GenerateSerializer, Alias("EventFold.StoreReadOnlyException")]
public sealed class StoreReadOnlyException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="storeDirectory">Full path of the store's base directory.</param>
    /// <param name="stream">The stream that was to be written, as <c>type/id</c>.</param>
    public StoreReadOnlyException(string storeDirectory, string stream)
        : base($"EventFold store \"{storeDirectory}\" is open read-only (EventFoldOptions.ReadOnly = true); {stream} cannot be written. "
            + "Open the store without ReadOnly, in the one process that owns it, to write.")
    {
        StoreDirectory = storeDirectory;
        Stream = stream;
    }

    /// <summary>Full path of the store's base directory.</summary>
    [Id(0)] public string StoreDirectory { get; }

    /// <summary>The stream that was to be written, as <c>type/id</c>.</summary>
    [Id(1)] public string Stream { get; }
}
