using EventFold.Orleans.Store;

namespace EventFold.Cli.Store;

/// <summary>An existing store directory given on the command line, and its paths.</summary>
internal sealed class StoreLocation
{
    private StoreLocation(StorePaths paths) => Paths = paths;

    /// <summary>The store's paths (layout knowledge of EventFold.Orleans).</summary>
    public StorePaths Paths { get; }

    /// <summary><c>&lt;base&gt;/projections</c>: one folder per projection checkpoint.</summary>
    public string ProjectionsDirectory => Path.Join(Paths.BaseDirectory, "projections");

    /// <summary><c>&lt;base&gt;/process-managers</c>: one folder per process manager (checkpoint and dead letters).</summary>
    public string ProcessManagersDirectory => Path.Join(Paths.BaseDirectory, "process-managers");

    /// <summary>Checks that <paramref name="directory"/> is a store (it has <c>streams/</c> or <c>meta/</c>); creates nothing.</summary>
    /// <exception cref="CliException">The directory does not exist or holds no store.</exception>
    public static StoreLocation Open(string directory)
    {
        if (string.IsNullOrWhiteSpace(directory))
        {
            throw new CliException("no store directory given: pass the app's EventFoldOptions.BaseDirectory as the first argument");
        }

        var paths = new StorePaths(directory);
        if (!Directory.Exists(paths.BaseDirectory))
        {
            throw new CliException($"the store directory \"{paths.BaseDirectory}\" does not exist");
        }

        if (!Directory.Exists(paths.StreamsDirectory) && !Directory.Exists(paths.MetaDirectory))
        {
            throw new CliException(
                $"\"{paths.BaseDirectory}\" is not an EventFold store: it has neither streams/ nor meta/ (pass the app's EventFoldOptions.BaseDirectory)");
        }

        return new StoreLocation(paths);
    }
}
