using System.Text;
using EventFold.Orleans.Commands;
using EventFold.Orleans.Store;
using EventFold.Orleans.Tests.Domain;
using EventFold.Orleans.Tests.Support;
using Xunit;

namespace EventFold.Orleans.Tests.Store;

/// <summary>
/// The registry and the stream directories are reconciled at start, both ways, and a failed stream creation leaves
/// no listed stream without events.
/// </summary>
public sealed class RegistryReconciliationTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private StorePaths Paths => new(_dir.Path);

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_deleted_registry_is_rebuilt_from_the_stream_directories_at_start()
    {
        await using (var cluster = await TestSilo.StartAsync(_dir.Path))
        {
            foreach (var id in new[] { "a1", "a/2", "ä 3" })
            {
                Assert.True((await cluster.Client.GetGrain<IAccountAggregate>(id).Execute(new OpenAccount(id), CommandContext.None)).Succeeded);
            }

            await cluster.Client.GetGrain<ITallyGrain>("t1").Add(1);
        }

        File.Delete(Paths.RegistryPath);

        await using (var cluster = await TestSilo.StartAsync(_dir.Path))
        {
            var store = cluster.Store();
            Assert.Equal(["a/2", "a1", "ä 3"], store.ListIds("account").Order(StringComparer.Ordinal));
            Assert.Equal(["t1"], store.ListIds("tallygrain"));
            Assert.Equal(["account", "tallygrain"], store.ListAggregateTypes().Order(StringComparer.Ordinal));
        }

        // Rebuilt durably into the file, once.
        await using (var cluster = await TestSilo.StartAsync(_dir.Path))
        {
            Assert.Equal(3, cluster.Store().ListIds("account").Count);
        }

        Assert.Equal(4, ReadRegistry().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task Registry_lines_whose_stream_has_no_events_are_not_listed_until_it_has()
    {
        await using (var cluster = await TestSilo.StartAsync(_dir.Path))
        {
            await cluster.Client.GetGrain<IAccountAggregate>("real").Execute(new OpenAccount("r"), CommandContext.None);
        }

        // A line without a directory, and one whose directory holds an empty log (a crash before the first append).
        await File.AppendAllTextAsync(Paths.RegistryPath, Encoding.UTF8.GetString(new RegistryRecord("account", "ghost", 1).ToLine()));
        await File.AppendAllTextAsync(Paths.RegistryPath, Encoding.UTF8.GetString(new RegistryRecord("account", "empty", 1).ToLine()));
        await File.AppendAllTextAsync(Paths.RegistryPath, Encoding.UTF8.GetString(new RegistryRecord("nothing", "x", 1).ToLine()));
        var empty = Paths.StreamDirectory("account", "empty");
        Directory.CreateDirectory(empty);
        await File.WriteAllBytesAsync(Path.Combine(empty, "app.jsonl"), []);

        await using (var cluster = await TestSilo.StartAsync(_dir.Path))
        {
            var store = cluster.Store();
            Assert.Equal(["real"], store.ListIds("account"));
            Assert.Empty(store.ListIds("nothing"));
            Assert.Equal(["account"], store.ListAggregateTypes());

            await cluster.Client.GetGrain<IAccountAggregate>("empty").Execute(new OpenAccount("e"), CommandContext.None);
            Assert.Equal(["real", "empty"], store.ListIds("account"));
        }
    }

    [Fact]
    public async Task A_failed_stream_creation_leaves_no_listed_phantom()
    {
        await using (var cluster = await TestSilo.StartAsync(_dir.Path))
        {
            await cluster.Client.GetGrain<IAccountAggregate>("ok").Execute(new OpenAccount("o"), CommandContext.None);

            // A file where the stream directory would go: creating the stream fails.
            var blocked = cluster.Directory("account", "blocked");
            await File.WriteAllTextAsync(blocked, "in the way");
            var result = await TryExecute(cluster.Client.GetGrain<IAccountAggregate>("blocked"));
            Assert.False(result);

            Assert.Equal(["ok"], cluster.Store().ListIds("account"));
            File.Delete(blocked);
        }

        Assert.DoesNotContain("blocked", ReadRegistry(), StringComparison.Ordinal);
        await using (var cluster = await TestSilo.StartAsync(_dir.Path))
        {
            Assert.Equal(["ok"], cluster.Store().ListIds("account"));
        }
    }

    private static async Task<bool> TryExecute(IAccountAggregate account)
    {
        try
        {
            return (await account.Execute(new OpenAccount("b"), CommandContext.None)).Succeeded;
        }
        catch (Exception)
        {
            return false;
        }
    }

    private string ReadRegistry()
    {
        using var stream = DurableFile.OpenReadNoLock(Paths.RegistryPath);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
