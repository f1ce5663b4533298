using static EventFold.Tests.Views.TestLogs;

namespace EventFold.Tests.Views;

/// <summary>A view in another "process" (its own reader, not registered with the writer) while the writer rotates.</summary>
public sealed class ConcurrentRotationTests : IDisposable
{
    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    private static readonly HashSet<long> PrefixSums = [.. Enumerable.Range(0, 2001).Select(k => (long)k * (k + 1) / 2)];

    [Fact]
    public async Task Refreshes_during_rotations_only_ever_see_whole_prefixes_of_the_history()
    {
        const int total = 600;
        using EventWriter writer = EventWriter.Open(dir.Path, new EventWriterOptions { Durability = Durability.Buffered });
        using var done = new CancellationTokenSource();
        using var observed = new ManualResetEventSlim();

        Task producer = Task.Run(() =>
        {
            for (long n = 1; n <= total; n++)
            {
                writer.Append(N(n));
                if (n % 25 == 0)
                {
                    writer.Rotate();
                }

                if (n == total / 2)
                {
                    // Halfway, until the observer has refreshed once: on a busy pool its task could otherwise start only
                    // after the last rotation, and the test would observe nothing while the log changes.
                    Assert.True(observed.Wait(TimeSpan.FromSeconds(30)), "the observer never refreshed");
                }
            }
        });

        var observer = new View<long>("observer", writer.ViewsDirectory, 0, (s, e) => s + ValueOf(e));
        var seen = new List<long>();
        Task consumer = Task.Run(() =>
        {
            var reader = new EventReader(dir.Path);
            while (!producer.IsCompleted)
            {
                seen.Add(observer.Refresh(reader));
                observed.Set();
            }
        });

        await Task.WhenAll(producer, consumer).WaitAsync(TimeSpan.FromSeconds(60));
        seen.Add(observer.Refresh(new EventReader(dir.Path)));

        Assert.All(seen, s => Assert.Contains(s, PrefixSums)); // no event lost or doubled in any observed state
        Assert.Equal((long)total * (total + 1) / 2, seen[^1]);
        Assert.True(seen.Count > 1);
    }
}
