using Xunit;
using EventFold.Orleans.Aggregates;
using EventFold.Orleans.Commands;
using EventFold.Orleans.Hosting;
using EventFold.Orleans.Tests.Domain;
using EventFold.Orleans.Tests.Support;
using Orleans.Configuration;

namespace EventFold.Orleans.Tests.Aggregates;

/// <summary>
/// Regression: a result echoing 120 MB of events exceeded Orleans' message limit, so a written command was never
/// acknowledged. Small limits here stand for the real ones.
/// </summary>
public sealed class ResultSizeTests : SiloTest
{
    private const long MaxCommandBytes = 64 * 1024;
    private const long MaxResultEventBytes = 4 * 1024;

    protected override void Configure(EventFoldOptions options)
    {
        options.MaxCommandBytes = MaxCommandBytes;
        options.MaxResultEventBytes = MaxResultEventBytes;
    }

    [Fact]
    public async Task Events_larger_than_MaxResultEventBytes_are_written_but_not_echoed_and_a_duplicate_says_the_same()
    {
        var counter = Cluster.Client.GetGrain<ICounterAggregate>("big-result");
        var context = new CommandContext { CommandId = "notes-1" };

        var result = await counter.Execute(new WriteNotes(3, 2000), context);
        var duplicate = await counter.Execute(new WriteNotes(3, 2000), context);

        Assert.True(result.Succeeded);
        Assert.True(result.EventsOmitted);
        Assert.Empty(result.Events);
        Assert.Equal((3, 3L), (result.EventCount, result.Version));
        Assert.Equal(3, Cluster.ReadAll("counter", "big-result").Count);
        Assert.True(duplicate.WasDuplicate);
        Assert.True(duplicate.EventsOmitted);
        Assert.Empty(duplicate.Events);
        Assert.Equal((3, 3L), (duplicate.EventCount, duplicate.Version));
        Assert.Equal(3, (await counter.GetState()).Notes);
    }

    [Fact]
    public async Task Events_within_MaxResultEventBytes_are_echoed()
    {
        var counter = Cluster.Client.GetGrain<ICounterAggregate>("small-result");

        var result = await counter.Execute(new WriteNotes(2, 100), CommandContext.None);

        Assert.False(result.EventsOmitted);
        Assert.Equal(2, result.EventCount);
        Assert.Equal([new Noted(new string('a', 100)), new Noted(new string('b', 100))], result.Events);
    }

    [Fact]
    public async Task Events_larger_than_MaxCommandBytes_are_refused_typed_before_anything_is_written()
    {
        var counter = Cluster.Client.GetGrain<ICounterAggregate>("too-big");
        await counter.Execute(new AddAll([1]), CommandContext.None);
        var before = StreamFiles.ReadLogBytes(Cluster.Directory("counter", "too-big"));

        var error = await Assert.ThrowsAsync<CommandTooLargeException>(() => counter.Execute(new WriteNotes(2, 40_000), CommandContext.None));

        Assert.Equal(("counter", "too-big", MaxCommandBytes), (error.AggregateType, error.AggregateId, error.Limit));
        Assert.True(error.Bytes > MaxCommandBytes, $"{error.Bytes}");
        Assert.Contains("MaxCommandBytes", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, StreamFiles.ReadLogBytes(Cluster.Directory("counter", "too-big")));
        Assert.Equal(2, (await counter.Execute(new WriteNotes(1, 10), CommandContext.None)).Version);
    }

    [Fact]
    public async Task Size_limits_out_of_range_stop_the_silo_with_a_message_naming_them()
    {
        using var dir = new TempDirectory();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => TestSilo.StartAsync(dir.Path, o =>
        {
            o.MaxCommandBytes = 0;
            o.MaxResultEventBytes = -1;
        }));

        var message = error.ToString();
        Assert.Contains("MaxCommandBytes must be positive", message, StringComparison.Ordinal);
        Assert.Contains("MaxResultEventBytes must be 0", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task By_default_a_result_above_one_MiB_of_events_omits_them()
    {
        using var dir = new TempDirectory();
        await using var cluster = await TestSilo.StartAsync(dir.Path);
        var counter = cluster.Client.GetGrain<ICounterAggregate>("default-limit");

        var large = await counter.Execute(new WriteNotes(2, 600 * 1024), CommandContext.None);
        var small = await counter.Execute(new WriteNotes(2, 400 * 1024), CommandContext.None);

        Assert.True(large.EventsOmitted);
        Assert.Empty(large.Events);
        Assert.False(small.EventsOmitted);
        Assert.Equal(2, small.Events.Length);
        Assert.Equal(4, cluster.ReadAll("counter", "default-limit").Count);
    }

    [Fact]
    public async Task A_command_whose_events_exceed_Orleans_message_limit_is_still_acknowledged_and_so_is_its_resend()
    {
        // Orleans' message limit lowered to 256 KiB stands for its real 100 MB; 400 KB of events is over it.
        using var dir = new TempDirectory();
        await using var cluster = await TestSilo.StartAsync(
            dir.Path,
            o => o.MaxResultEventBytes = 64 * 1024,
            silo => silo.Configure<SiloMessagingOptions>(m => m.MaxMessageBodySize = 256 * 1024));
        var counter = cluster.Client.GetGrain<ICounterAggregate>("over-message-limit");
        var context = new CommandContext { CommandId = "big-notes" };

        var result = await counter.Execute(new WriteNotes(2, 200 * 1024), context);
        var resent = await counter.Execute(new WriteNotes(2, 200 * 1024), context);

        Assert.True(result.EventsOmitted);
        Assert.Equal((2, 2L), (result.EventCount, result.Version));
        Assert.True(resent.WasDuplicate);
        Assert.True(resent.EventsOmitted);
        Assert.Equal(2, cluster.ReadAll("counter", "over-message-limit").Count);
    }
}
