using EventFold.Orleans.ProcessManagers;
using EventFold.Orleans.Reading;
using EventFold.Orleans.Store;
using EventFold.Orleans.Tests.ProcessManagers.Domain;
using EventFold.Orleans.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace EventFold.Orleans.Tests.ProcessManagers;

/// <summary>
/// Regression: the saga benchmark (S1a) polled GetStatusAsync, which read every followed stream's files on the manager's
/// own scheduler; with 12,000 streams a call took seconds and the manager reacted to nothing meanwhile (0.06x of the
/// direct path). The status now reads the files off the grain's scheduler, so the manager keeps reacting.
/// </summary>
public sealed class StatusWhileReactingTests
{
    [Fact]
    public async Task A_status_call_reading_the_files_does_not_stop_the_manager_from_reacting()
    {
        using var dir = new TempDirectory();
        var trap = new StatusTrap();
        await using var cluster = await SagaSilo.StartAsync(dir.Path, silo: s => s.Services.AddSingleton<IStreamSource>(
            sp => new TrappedSource(new FileStreamSource(sp.GetRequiredService<EventFoldStore>()), trap)));
        var grains = cluster.Client;
        var saga = grains.GetProcessManager<IOrderSaga>();
        await SagaSilo.PlaceAsync(grains, [("decoy", "sku-1", 1)]);
        Assert.Equal(1, await SagaSilo.WaitFinishedAsync(grains, ["decoy"]));
        await saga.CatchUpAsync();

        // Only a status call reads the finished "decoy" stream now; it stays inside that read until released.
        trap.Arm(new StreamKeyName("saga-order", "decoy"));
        var status = saga.GetStatusAsync();
        try
        {
            await trap.Entered.WaitAsync(TimeSpan.FromSeconds(60));
            await SagaSilo.PlaceAsync(grains, [("meanwhile", "sku-1", 1)]);
            var finished = await WaitFinishedAsync(grains, "meanwhile", status);

            Assert.True(finished, "the saga did not finish an order while a status call was reading the files");
            Assert.False(status.IsCompleted, "the status call should still be held in its read of the decoy stream");
        }
        finally
        {
            trap.Release();
        }

        var answered = await status;
        Assert.DoesNotContain(answered.Streams, s => s.Id == "decoy");
    }

    /// <summary>Waits (at most 30 s) until the order is finished; false when it is not.</summary>
    private static async Task<bool> WaitFinishedAsync(IGrainFactory grains, string order, Task status)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (await SagaSilo.FinishedAsync(grains, [order]) == 1)
            {
                return true;
            }

            await Task.Delay(50);
        }

        return false;
    }

    private sealed record StreamKeyName(string AggregateType, string Id);

    /// <summary>Holds the reads of one stream until released, and says when the first one arrived.</summary>
    private sealed class StatusTrap
    {
        private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly ManualResetEventSlim _released = new(false);
        private volatile StreamKeyName? _armed;

        public Task Entered => _entered.Task;

        public void Arm(StreamKeyName key) => _armed = key;

        public void Release() => _released.Set();

        public void Pass(string aggregateType, string id)
        {
            if (_armed is { } armed && armed == new StreamKeyName(aggregateType, id) && !_released.IsSet)
            {
                _entered.TrySetResult();
                _released.Wait(TimeSpan.FromSeconds(120));
            }
        }
    }

    /// <summary>The real file source, with a trap in front of its end check.</summary>
    private sealed class TrappedSource(IStreamSource inner, StatusTrap trap) : IStreamSource
    {
        public IReadOnlyList<string> ListStreams(string aggregateType) => inner.ListStreams(aggregateType);

        public bool IsAtEnd(string aggregateType, string id, StreamCursor cursor)
        {
            trap.Pass(aggregateType, id);
            return inner.IsAtEnd(aggregateType, id, cursor);
        }

        public IEnumerable<StoredStreamEvent> Read(string aggregateType, string id, StreamCursor cursor) => inner.Read(aggregateType, id, cursor);
    }
}
