using EventFold.Cli.Tests.Domain;
using EventFold.Orleans.Aggregates;
using EventFold.Orleans.Commands;
using EventFold.Orleans.Hosting;
using EventFold.Orleans.Projections;
using Orleans.TestingHost;
using Xunit;

namespace EventFold.Cli.Tests.Support;

/// <summary>
/// A store written once per test class by a real silo: tally streams "a" (batches, snapshot), "b" (rotated into an
/// archive), "c d/é" (an id that needs encoding) and the "tally-totals" projection checkpoint. Tests work on copies.
/// </summary>
public sealed class RuntimeStore : IAsyncLifetime
{
    private readonly TempDir _dir = new();

    public string Path => System.IO.Path.Combine(_dir.Path, "store");

    /// <summary>Events per stream, as written.</summary>
    public static IReadOnlyDictionary<string, int[]> Amounts { get; } = new Dictionary<string, int[]>
    {
        ["a"] = [1, 2, 3, 4, 5],
        ["b"] = [.. Enumerable.Range(20, 30)],
        ["c d/é"] = [7],
    };

    public async Task InitializeAsync()
    {
        var cluster = await StartAsync(Path);
        try
        {
            foreach (var (id, amounts) in Amounts)
            {
                var grain = cluster.Client.GetGrain<ITally>(id);
                // Commands of up to 3 events: multi-event batches on disk.
                foreach (var chunk in amounts.Chunk(3))
                {
                    await grain.Execute(new AddAll(chunk), CommandContext.None);
                }
            }

            var totals = cluster.Client.GetProjection<ITallyTotals>();
            await totals.CatchUpAsync();
            await totals.CheckpointAsync();
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }

    /// <summary>Starts a silo on <paramref name="baseDirectory"/> with small limits: snapshots every 2 events, rotation at 1 KiB.</summary>
    public static async Task<InProcessTestCluster> StartAsync(string baseDirectory)
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) => silo.AddEventFold(options =>
        {
            options.BaseDirectory = baseDirectory;
            options.SnapshotEveryEvents = 2;
            options.MaxActiveLogBytes = 1024;
        }));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    /// <summary>A private copy of the store for one test to damage.</summary>
    public string CopyTo(TempDir target)
    {
        var destination = System.IO.Path.Combine(target.Path, "store");
        CopyTree(Path, destination);
        return destination;
    }

    public Task DisposeAsync()
    {
        _dir.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Copies a directory tree.</summary>
    public static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, System.IO.Path.Combine(to, System.IO.Path.GetFileName(file)));
        }

        foreach (var directory in Directory.GetDirectories(from))
        {
            CopyTree(directory, System.IO.Path.Combine(to, System.IO.Path.GetFileName(directory)));
        }
    }
}
