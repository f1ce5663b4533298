namespace EventFold.Orleans.Store;

/// <summary>Where everything of one EventFold store lives, derived from its base directory.</summary>
/// <remarks>
/// <para>Layout: <c>&lt;base&gt;/streams/&lt;aggregate-type&gt;/&lt;encoded-id&gt;/</c> holds one eventfold log per
/// stream, <c>&lt;base&gt;/meta/</c> holds the stream registry and the store lock.</para>
/// <para>Guarantee: <see cref="StreamDirectory(string, string)"/> only ever returns a direct child of the aggregate
/// type's folder. Ids are encoded with <see cref="StreamIdEncoding"/>, type names are checked with
/// <see cref="AggregateTypeName"/>, and the resolved full path is checked once more before it is returned.</para>
/// <para>Nothing is created on disk by this class.</para>
/// </remarks>
public sealed class StorePaths
{
    /// <summary>Creates the paths for the store rooted at <paramref name="baseDirectory"/>.</summary>
    /// <param name="baseDirectory">The store's base directory; relative paths are resolved against the current directory.</param>
    /// <exception cref="ArgumentException"><paramref name="baseDirectory"/> is null, empty or whitespace.</exception>
    public StorePaths(string baseDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(baseDirectory);
        BaseDirectory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(baseDirectory));
        StreamsDirectory = Path.Join(BaseDirectory, "streams");
        MetaDirectory = Path.Join(BaseDirectory, "meta");
        RegistryPath = Path.Join(MetaDirectory, "streams.jsonl");
        StoreLockPath = Path.Join(MetaDirectory, "store.lock");
    }

    /// <summary>The store's base directory, as a full path without a trailing separator.</summary>
    public string BaseDirectory { get; }

    /// <summary><c>&lt;base&gt;/streams</c>: one folder per aggregate type below it.</summary>
    public string StreamsDirectory { get; }

    /// <summary><c>&lt;base&gt;/meta</c>: the registry and the store lock.</summary>
    public string MetaDirectory { get; }

    /// <summary><c>&lt;base&gt;/meta/streams.jsonl</c>: the stream registry (see <see cref="StreamRegistry"/>).</summary>
    public string RegistryPath { get; }

    /// <summary><c>&lt;base&gt;/meta/store.lock</c>: the file locked by <see cref="StoreDirectoryLock"/>.</summary>
    public string StoreLockPath { get; }

    /// <summary><c>&lt;base&gt;/streams/&lt;aggregateType&gt;</c>.</summary>
    /// <param name="aggregateType">A valid aggregate type name.</param>
    /// <returns>The full path of the type's folder.</returns>
    /// <exception cref="InvalidAggregateTypeException">The type name is invalid.</exception>
    public string AggregateTypeDirectory(string aggregateType) =>
        Path.Join(StreamsDirectory, AggregateTypeName.Validate(aggregateType));

    /// <summary><c>&lt;base&gt;/streams/&lt;aggregateType&gt;/&lt;encoded id&gt;</c>: the eventfold log directory of one stream.</summary>
    /// <param name="aggregateType">A valid aggregate type name.</param>
    /// <param name="id">The stream instance id, any string <see cref="StreamIdEncoding"/> accepts.</param>
    /// <returns>The full path, always a direct child of <see cref="AggregateTypeDirectory(string)"/>.</returns>
    /// <exception cref="InvalidAggregateTypeException">The type name is invalid.</exception>
    /// <exception cref="InvalidStreamIdException">The id cannot be stored, or (defence in depth) would resolve outside its type folder.</exception>
    public string StreamDirectory(string aggregateType, string id)
    {
        var typeDirectory = AggregateTypeDirectory(aggregateType);
        var path = Path.GetFullPath(Path.Join(typeDirectory, StreamIdEncoding.Encode(id)));

        // The encoding already makes escaping impossible; this check keeps it that way should the
        // encoding ever change.
        var parent = Path.GetDirectoryName(path);
        if (!string.Equals(parent, typeDirectory, StringComparison.Ordinal) || path.Length <= typeDirectory.Length + 1)
        {
            throw new InvalidStreamIdException(id, $"it resolves to \"{path}\", outside \"{typeDirectory}\"", nameof(id));
        }

        return path;
    }
}
