using EventFold.Orleans.Tests.Domain;
using EventFold.Orleans.Tests.Support;
using Xunit;

namespace EventFold.Orleans.Tests.Provider;

/// <summary>The provider serves any JournaledGrain, not only EventFold aggregates.</summary>
public sealed class PlainJournaledGrainTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_plain_journaled_grain_is_stored_under_its_class_name_and_can_retrieve_its_events()
    {
        await using (var cluster = await TestSilo.StartAsync(_dir.Path))
        {
            var tally = cluster.Client.GetGrain<ITallyGrain>("t1");
            Assert.Equal(1, await tally.Add(5));
            Assert.Equal(2, await tally.Add(7));
            Assert.Equal(3, await tally.Add(9));

            Assert.Equal(new[] { 7, 9 }, await tally.History(1, 3));
            var events = cluster.ReadAll("tallygrain", "t1");
            Assert.Equal(["tally-added", "tally-added", "tally-added"], events.Select(e => e.Type));
            Assert.Equal("{\"amount\":5}", System.Text.Encoding.UTF8.GetString(events[0].Data.Span));

            // Deactivation releases the stream's writer lock (just after the activation is gone): another process can take it.
            await cluster.DeactivateAsync(tally);
            using var _ = await ChildLockHolder.StartWithinAsync(System.IO.Path.Combine(cluster.Directory("tallygrain", "t1"), "app.jsonl"), TimeSpan.FromSeconds(5));
        }

        await using (var cluster = await TestSilo.StartAsync(_dir.Path))
        {
            var tally = cluster.Client.GetGrain<ITallyGrain>("t1");
            Assert.Equal(21, await tally.Total());
            Assert.Equal(new[] { 5, 7, 9 }, await tally.History(0, 3));
        }
    }

    [Fact]
    public async Task An_unconditional_event_that_cannot_be_written_is_retried_until_it_can()
    {
        await using var cluster = await TestSilo.StartAsync(_dir.Path);
        var directory = cluster.Directory("tallygrain", "blocked");
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(directory)!);
        await File.WriteAllTextAsync(directory, "in the way");
        var tally = cluster.Client.GetGrain<ITallyGrain>("blocked");

        var adding = tally.Add(4);
        await Task.Delay(500);
        Assert.False(adding.IsCompleted);   // RaiseEvent's contract: not dropped, still being retried

        File.Delete(directory);
        Assert.Equal(1, await adding.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal(4, await tally.Total());
        Assert.Single(cluster.ReadAll("tallygrain", "blocked"));
    }
}
