using EventFold.Orleans.Commands;
using EventFold.Orleans.Projections;
using EventFold.Orleans.Testing.Tests.Domain;
using Xunit;

namespace EventFold.Orleans.Testing.Tests.Cluster;

public sealed class EventFoldTestClusterTests
{
    [Fact]
    public async Task A_command_lands_in_the_clusters_temporary_directory_which_dispose_deletes()
    {
        string directory;
        await using (var cluster = await EventFoldTestCluster.StartAsync())
        {
            directory = cluster.Directory;
            var result = await cluster.Grains.GetGrain<IShelf>("s-1").Execute(new Restock("apple", 3), CommandContext.None);

            Assert.True(result.Succeeded);
            var log = Path.Combine(directory, "streams", "shelf", "s-1", "app.jsonl");
            Assert.Equal(cluster.Store.StreamDirectory("shelf", "s-1"), Path.GetDirectoryName(log));
            Assert.Single(new EventReader(Path.GetDirectoryName(log)!).ReadFull());
        }

        Assert.False(Directory.Exists(directory), $"{directory} was not deleted");
    }

    [Fact]
    public async Task Restart_keeps_the_directory_and_the_state_comes_back_from_disk()
    {
        await using var cluster = await EventFoldTestCluster.StartAsync(o => o.Store = store => store.SnapshotEveryEvents = 1000);
        await cluster.Grains.GetGrain<IShelf>("s-1").Execute(new Restock("apple", 3), CommandContext.None);
        var directory = cluster.Directory;

        await cluster.RestartAsync();

        Assert.Equal(directory, cluster.Directory);
        var state = await cluster.Grains.GetGrain<IShelf>("s-1").GetVersionedState();
        Assert.Equal(1, state.Version);
        Assert.Equal(3, state.State.Units["apple"]);
    }

    [Fact]
    public async Task A_given_directory_is_used_and_kept()
    {
        var directory = Path.Combine(Path.GetTempPath(), "eventfold-testing-tests", Guid.NewGuid().ToString("N"));
        try
        {
            await using (var cluster = await EventFoldTestCluster.StartAsync(o => o.Directory = directory))
            {
                await cluster.Grains.GetGrain<IShelf>("s-2").Execute(new Restock("pear", 1), CommandContext.None);
            }

            Assert.True(File.Exists(Path.Combine(directory, "streams", "shelf", "s-2", "app.jsonl")));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task WaitForProjections_returns_once_every_stream_is_applied()
    {
        // No direct notices and a slow notice queue: without the wait the projection would lag behind.
        await using var cluster = await EventFoldTestCluster.StartAsync(o => o.Projections = p =>
        {
            p.DirectNotices = false;
            p.NoticePullingPeriod = TimeSpan.FromMinutes(5);
        });
        for (var i = 0; i < 5; i++)
        {
            await cluster.Grains.GetGrain<IShelf>($"s-{i}").Execute(new Restock("apple", i + 1), CommandContext.None);
        }

        await cluster.WaitForProjectionsAsync();

        var levels = await cluster.Grains.GetProjection<IStockLevels>().Get();
        Assert.Equal(5, levels.Events);
        Assert.Equal(15, levels.Units["apple"]);
        var status = Assert.Single(await cluster.GetProjectionStatusesAsync());
        Assert.Equal("stock-levels", status.Key);
        Assert.Empty(status.Value.Streams);
    }

    [Fact]
    public async Task WaitForProjections_with_positions_reads_the_written_versions()
    {
        await using var cluster = await EventFoldTestCluster.StartAsync(o => o.Projections = p =>
        {
            p.DirectNotices = false;
            p.NoticePullingPeriod = TimeSpan.FromMinutes(5);
        });
        var shelf = cluster.Grains.GetGrain<IShelf>("s-1");
        await shelf.Execute(new Restock("apple", 4), CommandContext.None);
        var taken = await shelf.Execute(new Take("apple", 4), CommandContext.None);

        await cluster.WaitForProjectionsAsync([taken.Position]);

        var levels = await cluster.Grains.GetProjection<IStockLevels>().Get();
        Assert.Equal(3, levels.Events);
        Assert.Equal(0, levels.Units["apple"]);
    }

    [Fact]
    public async Task A_failing_projection_makes_the_wait_throw_naming_the_stream_and_the_error()
    {
        await using var cluster = await EventFoldTestCluster.StartAsync(o => o.ProjectionTimeout = TimeSpan.FromSeconds(3));
        await cluster.Grains.GetGrain<IShelf>("s-poison").Execute(new Restock("apple", StockProjection.PoisonQuantity), CommandContext.None);

        var failure = await Assert.ThrowsAsync<ProjectionsNotCaughtUpException>(() => cluster.WaitForProjectionsAsync());

        Assert.Contains("\"stock-levels\"", failure.Message);
        Assert.Contains("shelf/s-poison at version 0", failure.Message);
        Assert.Contains("poison restock", failure.Message);
    }
}
