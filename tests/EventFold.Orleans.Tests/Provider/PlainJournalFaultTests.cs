using System.Text;
using EventFold.Orleans.Aggregates;
using EventFold.Orleans.Tests.Support;
using Xunit;

namespace EventFold.Orleans.Tests.Provider;

/// <summary>
/// A plain JournaledGrain whose journal is faulted (a stream it cannot fold) never runs on a partly folded state and
/// never loses a RaiseEvent silently: its activation fails, or ConfirmEvents throws.
/// </summary>
public sealed class PlainJournalFaultTests : SiloTest
{
    private const string Type = "fragiletallygrain";

    [Fact]
    public async Task A_stream_the_fold_cannot_read_fails_the_activation_of_a_plain_grain()
    {
        var tally = Cluster.Client.GetGrain<IFragileTallyGrain>("bad-line");
        Assert.Equal(1, await tally.Add(5));
        await Cluster.DeactivateAsync(tally);
        using (var lease = await Cluster.Store().OpenWriterAsync(Type, "bad-line", CancellationToken.None))
        {
            lease.Use(w => w.Append(new Event("tally-added", Encoding.UTF8.GetBytes("{\"amount\":\"lots\"}"), 1)));
        }

        var error = await Assert.ThrowsAsync<AggregateLoadException>(() => tally.Total());

        Assert.Equal((Type, "bad-line", 1L), (error.AggregateType, error.AggregateId, error.Version));
        await Assert.ThrowsAsync<AggregateLoadException>(() => tally.Add(7));
        Assert.Equal(2, Cluster.ReadAll(Type, "bad-line").Count);
    }

    [Fact]
    public async Task After_a_fold_fault_ConfirmEvents_throws_and_no_later_event_is_dropped_silently()
    {
        var tally = Cluster.Client.GetGrain<IFragileTallyGrain>("fold-throws");
        Assert.Equal(1, await tally.Add(5));

        await Assert.ThrowsAsync<AggregateLoadException>(() => tally.Add(-1));
        await Assert.ThrowsAsync<AggregateLoadException>(() => tally.Add(7));

        // The negative amount is on disk (it was written before the fold failed); 7 never was, and its caller knows.
        Assert.Equal([5, -1], Cluster.ReadAll(Type, "fold-throws").Select(e => e.DataElement().GetProperty("amount").GetInt32()));
    }
}
