using System.Diagnostics;
using System.Globalization;

namespace EventFold.Orleans.Tests.Crash;

/// <summary>How one crash test run configures the host's store, and how many kills it makes.</summary>
/// <param name="Name">For messages.</param>
/// <param name="Rounds">Kills before the final run.</param>
/// <param name="SnapshotEveryEvents">The host's <c>SnapshotEveryEvents</c> (0 = only the snapshots rotations save).</param>
/// <param name="MaxActiveLogBytes">The host's <c>MaxActiveLogBytes</c> (0 = no rotation).</param>
public sealed record CrashScenario(string Name, int Rounds, int SnapshotEveryEvents, long MaxActiveLogBytes)
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

    /// <summary>Passes the store settings to the host (read by tests/EventFold.CrashHost).</summary>
    public void Apply(ProcessStartInfo start)
    {
        start.Environment["EVENTFOLD_CRASHHOST_SNAPSHOT_EVERY_EVENTS"] = SnapshotEveryEvents.ToString(CultureInfo.InvariantCulture);
        start.Environment["EVENTFOLD_CRASHHOST_MAX_ACTIVE_LOG_BYTES"] = MaxActiveLogBytes.ToString(CultureInfo.InvariantCulture);
    }

    public override string ToString() => Name;
}
