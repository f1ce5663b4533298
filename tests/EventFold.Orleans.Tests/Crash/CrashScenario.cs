using System.Diagnostics;
using System.Globalization;

namespace EventFold.Orleans.Tests.Crash;

/// <summary>How one crash test run configures the host's store, and how many kills it makes.</summary>
/// <param name="Name">For messages.</param>
/// <param name="Rounds">Kills before the final run.</param>
/// <param name="SnapshotEveryEvents">The host's <c>SnapshotEveryEvents</c> (0 = only the snapshots rotations save).</param>
/// <param name="MaxActiveLogBytes">The host's <c>MaxActiveLogBytes</c> (0 = no rotation).</param>
/// <param name="Aggregates">How many aggregates the host's load spreads over.</param>
/// <param name="Concurrency">How many concurrent callers the host runs.</param>
/// <param name="IdempotencyWindow">The host's <c>IdempotencyWindow</c>: large enough that resent commands are still remembered.</param>
/// <param name="MaxOpenWriters">The host's <c>MaxOpenWriters</c>; 0 keeps the default.</param>
public sealed record CrashScenario(string Name, int Rounds, int SnapshotEveryEvents, long MaxActiveLogBytes, int Aggregates = 8, int Concurrency = 8, int IdempotencyWindow = 1000, int MaxOpenWriters = 0)
{
    /// <summary>Snapshots often, rotations now and then.</summary>
    public static readonly CrashScenario Default = new("snapshots every 7 events, rotation at 4 KiB", 6, 7, 4096);

    /// <summary>No snapshot at all: every activation replays the whole log.</summary>
    public static readonly CrashScenario SnapshotsOff = new("snapshots and rotation off", 2, 0, 0);

    /// <summary>
    /// Many rotations between count-based snapshots: each rotation saves an offset-0 snapshot after truncating the log,
    /// so a kill between the truncation and that save leaves the previous rotation's snapshot behind (issue 7, item 1).
    /// </summary>
    public static readonly CrashScenario RotationsBetweenSnapshots = new("rotation at 1 KiB, snapshots every 1000 events", 3, 1000, 1024);

    /// <summary>Group commit on one stream: 64 callers on a single aggregate, killed while groups are in flight.</summary>
    public static readonly CrashScenario ManyCallersOneAggregate = new("64 callers on 1 aggregate, rotation at 16 KiB", 4, 50, 16384, Aggregates: 1, Concurrency: 64, IdempotencyWindow: 100_000);

    /// <summary>Group commit across streams: 64 callers over 64 aggregates, so flush rounds cover many streams.</summary>
    public static readonly CrashScenario ManyCallersManyAggregates = new("64 callers on 64 aggregates", 4, 20, 8192, Aggregates: 64, Concurrency: 64, IdempotencyWindow: 100_000);

    /// <summary>
    /// Writers closed and reopened all the time: 64 callers over 64 aggregates with at most 4 writers open, killed while
    /// groups are in flight and writers are being reopened.
    /// </summary>
    public static readonly CrashScenario ManyCallersSmallWriterCap = new("64 callers on 64 aggregates, at most 4 open writers", 4, 20, 8192, Aggregates: 64, Concurrency: 64, IdempotencyWindow: 100_000, MaxOpenWriters: 4);

    /// <summary>Passes the store settings to the host (read by tests/EventFold.CrashHost).</summary>
    public void Apply(ProcessStartInfo start)
    {
        start.Environment["EVENTFOLD_CRASHHOST_SNAPSHOT_EVERY_EVENTS"] = SnapshotEveryEvents.ToString(CultureInfo.InvariantCulture);
        start.Environment["EVENTFOLD_CRASHHOST_MAX_ACTIVE_LOG_BYTES"] = MaxActiveLogBytes.ToString(CultureInfo.InvariantCulture);
        start.Environment["EVENTFOLD_CRASHHOST_IDEMPOTENCY_WINDOW"] = IdempotencyWindow.ToString(CultureInfo.InvariantCulture);
        if (MaxOpenWriters > 0)
        {
            start.Environment["EVENTFOLD_CRASHHOST_MAX_OPEN_WRITERS"] = MaxOpenWriters.ToString(CultureInfo.InvariantCulture);
        }
    }

    public override string ToString() => Name;
}
