using EventFold.Orleans.Store;

namespace EventFold.Cli.Store;

/// <summary>Every stream of a store: the registry's, then directories the registry lacks. Reads only; takes no lock.</summary>
internal sealed class StreamInventory
{
    private StreamInventory(IReadOnlyList<StreamEntry> streams, IReadOnlyList<string> strayDirectories, string? registryError)
    {
        Streams = streams;
        StrayDirectories = strayDirectories;
        RegistryError = registryError;
    }

    /// <summary>The streams, grouped by type in registry order, unregistered directories last within their type.</summary>
    public IReadOnlyList<StreamEntry> Streams { get; }

    /// <summary>Directories under <c>streams/</c> that are not a valid type or encoded id (never written by the runtime).</summary>
    public IReadOnlyList<string> StrayDirectories { get; }

    /// <summary>Why the registry could not be read, when it could not.</summary>
    public string? RegistryError { get; }

    /// <summary>Lists the streams, optionally of one type or one stream only.</summary>
    public static StreamInventory Load(StoreLocation store, string? type = null, string? id = null)
    {
        var paths = store.Paths;
        if (type is not null && !AggregateTypeName.IsValid(type))
        {
            throw new CliException($"\"{type}\" is not a valid aggregate type name (see AggregateTypeName)");
        }

        if (id is not null && !StreamIdEncoding.TryEncode(id, out _))
        {
            throw new CliException($"\"{id}\" is not a valid stream id (see StreamIdEncoding)");
        }

        var streams = new List<StreamEntry>();
        var seen = new HashSet<(string, string)>();
        string? registryError = null;
        try
        {
            using var registry = StreamRegistry.OpenReadOnly(paths, TimeProvider.System);
            foreach (var t in registry.ListAggregateTypes())
            {
                if (type is not null && t != type)
                {
                    continue;
                }

                foreach (var i in registry.ListIds(t))
                {
                    if ((id is null || i == id) && seen.Add((t, i)))
                    {
                        var directory = paths.StreamDirectory(t, i);
                        streams.Add(new StreamEntry(t, i, directory, Registered: true, Directory.Exists(directory)));
                    }
                }
            }
        }
        catch (CorruptRegistryException e)
        {
            registryError = e.Message;
        }

        var stray = new List<string>();
        if (Directory.Exists(paths.StreamsDirectory))
        {
            foreach (var typeDirectory in Directory.EnumerateDirectories(paths.StreamsDirectory).Order(StringComparer.Ordinal))
            {
                var t = Path.GetFileName(typeDirectory);
                if (!AggregateTypeName.IsValid(t))
                {
                    stray.Add(typeDirectory);
                    continue;
                }

                if (type is not null && t != type)
                {
                    continue;
                }

                foreach (var streamDirectory in Directory.EnumerateDirectories(typeDirectory).Order(StringComparer.Ordinal))
                {
                    var name = Path.GetFileName(streamDirectory);
                    if (!StreamIdEncoding.TryDecode(name, out var i) || StreamIdEncoding.Encode(i) != name)
                    {
                        stray.Add(streamDirectory);
                        continue;
                    }

                    if ((id is null || i == id) && seen.Add((t, i)))
                    {
                        streams.Add(new StreamEntry(t, i, streamDirectory, Registered: false, OnDisk: true));
                    }
                }
            }
        }

        var ordered = streams
            .GroupBy(s => s.AggregateType, StringComparer.Ordinal)
            .SelectMany(g => g)
            .ToList();
        return new StreamInventory(ordered, stray, registryError);
    }

    /// <summary>The one stream <paramref name="type"/>/<paramref name="id"/>, which must exist on disk.</summary>
    /// <exception cref="CliException">The stream has no directory.</exception>
    public static StreamEntry Single(StoreLocation store, string type, string id)
    {
        var inventory = Load(store, type, id);
        return inventory.Streams.FirstOrDefault(s => s.OnDisk)
            ?? throw new CliException($"the store \"{store.Paths.BaseDirectory}\" has no stream {type}/{id} (run: eventfold ls {store.Paths.BaseDirectory} {type})");
    }
}
