using EventFold.Orleans.Store;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace EventFold.Orleans.Tests.Support;

/// <summary>Reads what an aggregate wrote, straight from its files with the core reader.</summary>
public static class StreamFiles
{
    public static EventFoldStore Store(this InProcessTestCluster cluster) =>
        cluster.GetSiloServiceProvider().GetRequiredService<EventFoldStore>();

    public static string Directory(this InProcessTestCluster cluster, string aggregateType, string id) =>
        cluster.Store().StreamDirectory(aggregateType, id);

    /// <summary>Every event of the stream, archive first, or none when the stream does not exist.</summary>
    public static IReadOnlyList<Event> ReadAll(string directory) =>
        File.Exists(System.IO.Path.Combine(directory, "app.jsonl"))
            ? [.. new EventReader(directory).ReadFull().Select(r => r.Event)]
            : [];

    /// <summary>The bytes of a stream's app.jsonl, read without the shared flock .NET's File APIs take (it fails while a writer holds the lock).</summary>
    public static byte[] ReadLogBytes(string directory)
    {
        using var stream = DurableFile.OpenReadNoLock(System.IO.Path.Combine(directory, "app.jsonl"));
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    public static IReadOnlyList<Event> ReadAll(this InProcessTestCluster cluster, string aggregateType, string id) =>
        ReadAll(cluster.Directory(aggregateType, id));
}
