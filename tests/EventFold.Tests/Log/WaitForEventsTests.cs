using System.Diagnostics;

namespace EventFold.Tests.Log;

public sealed class WaitForEventsTests
{
    [Fact]
    public async Task Returns_immediately_when_data_exists()
    {
        using var tmp = new TempDir();
        using var writer = EventWriter.Open(tmp.Path);
        AppendResult r = writer.Append(LogTestData.Numbered(1));
        var sw = Stopwatch.StartNew();
        Assert.Equal(r.EndOffset, await writer.Reader.WaitForEventsAsync(0, TimeSpan.FromSeconds(5)));
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Wakes_on_append_by_writer()
    {
        using var tmp = new TempDir();
        using var writer = EventWriter.Open(tmp.Path);
        var reader = new EventReader(tmp.Path);
        Task<long?> wait = reader.WaitForEventsAsync(0, TimeSpan.FromSeconds(10));
        await Task.Delay(100);
        Assert.False(wait.IsCompleted);
        AppendResult r = writer.Append(LogTestData.Numbered(1));
        Assert.Equal(r.EndOffset, await wait);
        Assert.Single(reader.ReadFrom(0));
    }

    [Fact]
    public async Task Wakes_on_raw_write_by_another_handle()
    {
        using var tmp = new TempDir();
        using (EventWriter.Open(tmp.Path))
        {
        }

        var reader = new EventReader(tmp.Path);
        Task<long?> wait = reader.WaitForEventsAsync(0, TimeSpan.FromSeconds(10));
        await Task.Delay(100);
        LogTestData.AppendRaw(reader.LogPath, "{\"type\":\"x\",\"data\":{},\"ts\":1}\n");
        Assert.Equal(30, await wait);
    }

    [Fact]
    public async Task Times_out_with_null()
    {
        using var tmp = new TempDir();
        using var writer = EventWriter.Open(tmp.Path);
        AppendResult r = writer.Append(LogTestData.Numbered(1));
        var sw = Stopwatch.StartNew();
        Assert.Null(await writer.Reader.WaitForEventsAsync(r.EndOffset, TimeSpan.FromMilliseconds(200)));
        Assert.InRange(sw.Elapsed, TimeSpan.FromMilliseconds(180), TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task Cancellation_throws()
    {
        using var tmp = new TempDir();
        using var writer = EventWriter.Open(tmp.Path);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => writer.Reader.WaitForEventsAsync(0, Timeout.InfiniteTimeSpan, cts.Token));
    }

    [Fact]
    public async Task Waits_for_a_log_that_does_not_exist_yet()
    {
        using var tmp = new TempDir();
        var reader = new EventReader(tmp.Path);
        Task<long?> wait = reader.WaitForEventsAsync(0, TimeSpan.FromSeconds(10));
        await Task.Delay(50);
        using var writer = EventWriter.Open(tmp.Path);
        AppendResult r = writer.Append(LogTestData.Numbered(1));
        Assert.Equal(r.EndOffset, await wait);
    }

    [Fact]
    public async Task Concurrent_waits_on_one_directory_share_one_watch_and_all_wake()
    {
        using var tmp = new TempDir();
        using var writer = EventWriter.Open(tmp.Path);
        var reader = new EventReader(tmp.Path);
        Task<long?>[] waits = Enumerable.Range(0, 5).Select(_ => reader.WaitForEventsAsync(0, TimeSpan.FromSeconds(10))).ToArray();
        await Task.Delay(100);
        Assert.All(waits, w => Assert.False(w.IsCompleted));
        AppendResult r = writer.Append(LogTestData.Numbered(1));
        Assert.All(await Task.WhenAll(waits), size => Assert.Equal(r.EndOffset, size));
    }

    [Fact]
    public async Task Directory_watch_is_shared_and_released_with_the_last_lease()
    {
        using var tmp = new TempDir();
        string dir = tmp.Combine("watched");
        Directory.CreateDirectory(dir);
        var first = DirectoryWatch.Acquire(dir);
        var second = DirectoryWatch.Acquire(dir);
        Assert.Same(first, second);
        Assert.True(first.IsWatching);
        Task pending = first.Changed;
        File.WriteAllText(Path.Combine(dir, "x"), "x");
        await pending.WaitAsync(TimeSpan.FromSeconds(10));
        first.Dispose();
        using (var other = DirectoryWatch.Acquire(tmp.Combine("missing")))
        {
            Assert.NotSame(second, other);
            Assert.False(other.IsWatching);
        }

        second.Dispose();
        var third = DirectoryWatch.Acquire(dir);
        Assert.NotSame(first, third);
        third.Dispose();
    }

    [Fact]
    public async Task Timeout_follows_the_injected_TimeProvider()
    {
        using var tmp = new TempDir();
        using (EventWriter.Open(tmp.Path))
        {
        }

        var time = new ManualTime();
        var reader = new EventReader(tmp.Path, time);
        Task<long?> wait = reader.WaitForEventsAsync(0, TimeSpan.FromHours(1));
        await Task.Delay(200);
        Assert.False(wait.IsCompleted);
        time.Advance(TimeSpan.FromHours(2));
        Assert.Null(await wait.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    /// <summary>A clock the test moves by hand; timers fire when their due time is passed.</summary>
    private sealed class ManualTime : TimeProvider
    {
        private readonly Lock _gate = new();
        private readonly List<ManualTimer> _timers = [];
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp()
        {
            lock (_gate)
            {
                return _ticks;
            }
        }

        public override DateTimeOffset GetUtcNow() => new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(GetTimestamp());

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = new ManualTimer(this, callback, state);
            timer.Change(dueTime, period);
            return timer;
        }

        public void Advance(TimeSpan by)
        {
            List<ManualTimer> due;
            lock (_gate)
            {
                _ticks += by.Ticks;
                due = _timers.Where(t => t.DueTicks <= _ticks).ToList();
                _timers.RemoveAll(due.Contains);
            }

            foreach (ManualTimer t in due)
            {
                t.Fire();
            }
        }

        private sealed class ManualTimer(ManualTime owner, TimerCallback callback, object? state) : ITimer
        {
            public long DueTicks { get; private set; }

            public bool Change(TimeSpan dueTime, TimeSpan period)
            {
                lock (owner._gate)
                {
                    owner._timers.Remove(this);
                    if (dueTime != Timeout.InfiniteTimeSpan)
                    {
                        DueTicks = owner._ticks + dueTime.Ticks;
                        owner._timers.Add(this);
                    }
                }

                return true;
            }

            public void Fire() => callback(state);

            public void Dispose()
            {
                lock (owner._gate)
                {
                    owner._timers.Remove(this);
                }
            }

            public ValueTask DisposeAsync()
            {
                Dispose();
                return ValueTask.CompletedTask;
            }
        }
    }
}
