using EventFold.Orleans.Tests.Support;

namespace EventFold.Tests.Log;

/// <summary>
/// Not run in parallel with other tests: a child process forked while another test disposes a writer would share that
/// writer's open file description until it execs, and so briefly keep its flock.
/// </summary>
[CollectionDefinition(nameof(CrossProcessLockTests), DisableParallelization = true)]
public sealed class CrossProcessLockCollection;

[Collection(nameof(CrossProcessLockTests))]
public sealed class CrossProcessLockTests
{
    [Fact]
    public async Task Lock_held_by_another_process_is_reported_and_reader_still_works()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // flock(1) from util-linux is the cross-process lock holder used here
        }

        Assert.True(ChildLockHolder.IsAvailable, "flock(1) from util-linux is required for this test");

        using var tmp = new TempDir();
        using (var writer = EventWriter.Open(tmp.Path))
        {
            writer.Append(LogTestData.Numbered(1));
        }

        string log = Path.Combine(tmp.Path, "app.jsonl");
        using (await ChildLockHolder.StartAsync(log))
        {
            Assert.Throws<WriterLockedException>(() => EventWriter.Open(tmp.Path));
            Assert.Equal(1, Assert.Single(new EventReader(tmp.Path).ReadFrom(0)).Event.DataInt());
        }

        using var afterChild = EventWriter.Open(tmp.Path);
        Assert.Single(afterChild.Reader.ReadFrom(0));
    }
}
