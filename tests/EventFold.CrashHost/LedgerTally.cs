using System.Globalization;
using EventFold.Orleans.Projections;

namespace EventFold.CrashHost;

// The projection crash test's read model over every ledger stream. It is built so that an event applied twice, skipped or
// applied out of order stays visible: per stream it counts events and remembers the last version and the sum of the
// events' Seq, and any version that does not continue its stream (or whose Seq does not match it) is counted as an anomaly.
// A full fold of the files gives, per stream of n events: Count = LastVersion = n, SeqSum = 0 + 1 + ... + (n - 1).

/// <summary>One ledger stream as the tally saw it.</summary>
[GenerateSerializer, Immutable, Alias("crash.StreamTally")]
public sealed record StreamTally(
    [property: Id(0)] long Count,
    [property: Id(1)] long LastVersion,
    [property: Id(2)] long SeqSum);

/// <summary>The tally of every ledger stream.</summary>
[GenerateSerializer, Immutable, Alias("crash.LedgerTally")]
public sealed record LedgerTally
{
    /// <summary>Events applied, over all streams.</summary>
    [Id(0)] public long Events { get; init; }

    /// <summary>The sum of every applied event's Seq.</summary>
    [Id(1)] public long SeqSum { get; init; }

    /// <summary>Events whose version did not continue their stream, or whose Seq did not match their version.</summary>
    [Id(2)] public long Anomalies { get; init; }

    /// <summary>The first anomaly, described.</summary>
    [Id(3)] public string? FirstAnomaly { get; init; }

    /// <summary>Per stream id.</summary>
    [Id(4)] public Dictionary<string, StreamTally> Streams { get; init; } = new(StringComparer.Ordinal);
}

/// <summary>The pure fold; small checkpoint thresholds so that checkpoints happen between the test's kills.</summary>
public sealed class LedgerTallyProjection : Projection<LedgerTally>
{
    public override string Name => "ledger-tally";

    public override int Version => 1;

    public override IReadOnlyList<FollowedType> Follows { get; } = [FollowedType.Of<LedgerGrain>()];

    public override LedgerTally Initial => new();

    public override int CheckpointEveryEvents => 17;

    public override TimeSpan CheckpointInterval => TimeSpan.FromMilliseconds(500);

    public override LedgerTally Apply(LedgerTally state, ProjectedEvent @event)
    {
        var posted = (Posted)@event.Event;
        var before = state.Streams.TryGetValue(@event.AggregateId, out var tally) ? tally : new StreamTally(0, 0, 0);
        string? anomaly = null;
        if (@event.Version != before.LastVersion + 1)
        {
            anomaly = string.Create(CultureInfo.InvariantCulture, $"{@event.AggregateId}: version {@event.Version} applied after version {before.LastVersion}");
        }
        else if (posted.Seq != @event.Version - 1)
        {
            anomaly = string.Create(CultureInfo.InvariantCulture, $"{@event.AggregateId}: version {@event.Version} carries seq {posted.Seq}");
        }

        // A new dictionary: Apply stays pure (the runtime may hold the previous state).
        var streams = new Dictionary<string, StreamTally>(state.Streams, StringComparer.Ordinal)
        {
            [@event.AggregateId] = new StreamTally(before.Count + 1, @event.Version, before.SeqSum + posted.Seq),
        };
        return state with
        {
            Events = state.Events + 1,
            SeqSum = state.SeqSum + posted.Seq,
            Anomalies = state.Anomalies + (anomaly is null ? 0 : 1),
            FirstAnomaly = state.FirstAnomaly ?? anomaly,
            Streams = streams,
        };
    }
}

[Alias("crash.ILedgerTally")]
public interface ILedgerTally : IProjectionGrain
{
    /// <summary>The tally as it stands.</summary>
    [Alias("Get")]
    Task<LedgerTally> Get();

    /// <summary>The tally and the status, taken together (under load, two calls would see different moments).</summary>
    [Alias("GetWithStatus")]
    Task<TallyWithStatus> GetWithStatus();
}

/// <summary>The tally with the projection's status at the same moment.</summary>
[GenerateSerializer, Immutable, Alias("crash.TallyWithStatus")]
public sealed record TallyWithStatus([property: Id(0)] LedgerTally Tally, [property: Id(1)] ProjectionStatus Status);

/// <summary>Registered only with EVENTFOLD_CRASHHOST_PROJECTION=1 (see Program.cs).</summary>
[ImplicitStreamSubscription("ledger")]
public sealed class LedgerTallyGrain : ProjectionGrain<LedgerTallyProjection, LedgerTally>, ILedgerTally
{
    public Task<LedgerTally> Get() => Task.FromResult(State);

    public async Task<TallyWithStatus> GetWithStatus()
    {
        // One request turn: no notice or timer tick runs between reading the status and the state.
        var status = await GetStatusAsync();
        return new TallyWithStatus(State, status);
    }
}
