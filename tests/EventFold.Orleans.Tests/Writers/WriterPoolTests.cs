using System.Globalization;
using EventFold.Orleans.Store;
using EventFold.Orleans.Tests.Support;
using Xunit;

namespace EventFold.Orleans.Tests.Writers;

/// <summary>
/// The writer pool's rules on real files (no silo needed): writers in use (pinned, or holding bytes that await their
/// flush) are never closed to make room, and running out of descriptors first closes idle writers, then fails with a
/// typed error naming the limit and the option.
/// </summary>
public sealed class WriterPoolTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_pinned_writer_with_a_write_awaiting_its_flush_is_never_closed_to_make_room()
    {
        using var pool = new StreamWriterPool(new EventWriterOptions { Durability = Durability.Durable }, maxOpen: 2);
        using var busy = pool.Acquire(Stream("busy"));
        using var pin = busy.Pin();
        var written = pin.Writer.WriteBatchesUnsynced([[Deposit(1)]], 0, "");

        var others = Enumerable.Range(0, 5).Select(i => pool.Acquire(Stream($"other-{i}"))).ToList();

        // Still open: its flush (what the group committer does next) works and covers the bytes.
        pin.Writer.SyncUnsynced();
        Assert.False(pin.Writer.HasUnsynced);
        Assert.Equal(2, pool.OpenCount);
        Assert.Equal(2, pool.PeakOpen);
        Assert.Equal(written[0].EndOffset, new FileInfo(Path.Combine(Stream("busy"), "app.jsonl")).Length);
        others.ForEach(l => l.Dispose());
    }

    [Fact]
    public void A_writer_holding_unflushed_bytes_is_in_use_without_a_pin_and_closed_only_after_its_flush()
    {
        using var pool = new StreamWriterPool(new EventWriterOptions { Durability = Durability.Durable }, maxOpen: 2);
        using var unflushed = pool.Acquire(Stream("unflushed"));
        var writer = unflushed.Use(w =>
        {
            w.WriteBatchesUnsynced([[Deposit(1)]], 0, "");
            return w;
        });

        var others = Enumerable.Range(0, 5).Select(i => pool.Acquire(Stream($"other-{i}"))).ToList();
        Assert.True(writer.HasUnsynced);
        writer.SyncUnsynced(); // throws ObjectDisposedException had the pool closed it

        // Flushed, it is idle like any other: the next opens close it, and its lease reopens it with the bytes there.
        others.AddRange(Enumerable.Range(5, 3).Select(i => pool.Acquire(Stream($"other-{i}"))));
        var reopens = pool.Reopens;
        Assert.Equal(1, unflushed.Use(w => w.Reader.ReadFull().Count()));
        Assert.Equal(reopens + 1, pool.Reopens);
        Assert.True(pool.OpenCount <= 2, $"{pool.OpenCount} open, cap 2");
        others.ForEach(l => l.Dispose());
    }

    [Fact]
    public void Out_of_descriptors_the_pool_closes_idle_writers_and_opens_anyway()
    {
        using var pool = new StreamWriterPool(new EventWriterOptions { Durability = Durability.Buffered }, maxOpen: 1000);
        var leases = new List<WriterLease>();
        try
        {
            WithDescriptorsLeft(10, () =>
            {
                for (var i = 0; i < 30; i++)
                {
                    leases.Add(pool.Acquire(Stream($"s-{i}")));
                }

                foreach (var lease in leases)
                {
                    lease.Use(w => w.Append(Deposit(1)));
                }
            });

            Assert.True(pool.OpenCount < 30, $"{pool.OpenCount} writers open: the limit was never reached, the test checks nothing");
            Assert.All(leases, l => Assert.Single(l.Use(w => w.Reader.ReadFull().ToList())));
        }
        finally
        {
            leases.ForEach(l => l.Dispose());
        }
    }

    [Fact]
    public void Out_of_descriptors_with_every_writer_in_use_is_a_typed_error_naming_the_limit_and_the_option()
    {
        using var pool = new StreamWriterPool(new EventWriterOptions { Durability = Durability.Buffered }, maxOpen: 1000);
        var leases = new List<WriterLease>();
        var pins = new List<WriterPin>();
        OpenFileLimitException? error = null;
        long limit = 0;
        try
        {
            limit = WithDescriptorsLeft(10, () =>
            {
                for (var i = 0; i < 30 && error is null; i++)
                {
                    try
                    {
                        var lease = pool.Acquire(Stream($"s-{i}"));
                        leases.Add(lease);
                        pins.Add(lease.Pin());
                    }
                    catch (OpenFileLimitException e)
                    {
                        error = e;
                    }
                }
            });
        }
        finally
        {
            pins.ForEach(p => p.Dispose());
            leases.ForEach(l => l.Dispose());
        }

        Assert.NotNull(error);
        Assert.Equal(limit, error!.Limit);
        Assert.Equal(1000, error.MaxOpenWriters);
        Assert.Equal(pins.Count, error.OpenWriters);
        Assert.Contains("EventFoldOptions.MaxOpenWriters is 1000", error.Message);
        Assert.Contains(limit.ToString(CultureInfo.InvariantCulture), error.Message);
        Assert.Contains(Stream($"s-{pins.Count}"), error.Message);
        Assert.True(OpenFileLimit.IsReached(error.InnerException!));
    }

    private string Stream(string name) => Path.Combine(_dir.Path, "streams", "account", name);

    private static Event Deposit(int amount) => new("deposited", System.Text.Encoding.UTF8.GetBytes($"{{\"amount\":{amount}}}"), 1);

    /// <summary>Runs <paramref name="work"/> with the process's open-file limit lowered to leave <paramref name="left"/> descriptors; returns that limit.</summary>
    private static long WithDescriptorsLeft(int left, Action work)
    {
        Assert.True(OperatingSystem.IsLinux(), "needs /proc/self/fd and setrlimit");
        var before = OpenFileLimit.Current() ?? throw new InvalidOperationException("no open-file limit to restore");
        var limit = Directory.GetFileSystemEntries("/proc/self/fd").Length + left;
        Assert.True(OpenFileLimit.SetCurrentForTesting(limit), "setrlimit failed");
        try
        {
            work();
        }
        finally
        {
            Assert.True(OpenFileLimit.SetCurrentForTesting(before), "could not restore the open-file limit");
        }

        return limit;
    }
}
