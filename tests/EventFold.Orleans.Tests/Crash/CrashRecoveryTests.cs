using System.Diagnostics;
using System.Globalization;
using System.Text;
using EventFold.Orleans.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace EventFold.Orleans.Tests.Crash;

/// <summary>
/// A child process hosting a silo under load is killed with SIGKILL at a random moment, repeatedly, on one store
/// directory. After each kill, before the restart, the files are checked with the core reader: nothing throws (no torn
/// line is ever read), every acknowledged command's events are there exactly once at the acknowledged version, no batch
/// is partial, versions are dense, every stream is registered. Each restart resends commands acknowledged before the
/// kill (they must be recognised as duplicates), and the last run shows that every aggregate accepts new commands.
/// </summary>
/// <remarks>Set EVENTFOLD_CRASH_SEED to replay a seed printed by a failure.</remarks>
public sealed class CrashRecoveryTests(ITestOutputHelper output)
{
    // Generous: on the shared 2-core machine a silo start under a load average of 25 took 24 s.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan FinalTimeout = TimeSpan.FromSeconds(20);

    [Fact]
    public Task Sigkilled_host_keeps_every_acknowledged_command_exactly_once_and_recovers() => RunAsync(CrashScenario.Default);

    [Fact]
    public Task Sigkilled_host_with_snapshots_off_keeps_every_acknowledged_command_exactly_once() => RunAsync(CrashScenario.SnapshotsOff);

    [Fact]
    public Task Sigkilled_host_rotating_between_snapshots_never_loads_a_snapshot_older_than_the_archive() =>
        RunAsync(CrashScenario.RotationsBetweenSnapshots);

    [Fact]
    public Task Sigkilled_host_with_64_callers_on_one_aggregate_keeps_every_acknowledged_command_exactly_once() =>
        RunAsync(CrashScenario.ManyCallersOneAggregate);

    [Fact]
    public Task Sigkilled_host_with_64_callers_on_many_aggregates_keeps_every_acknowledged_command_exactly_once() =>
        RunAsync(CrashScenario.ManyCallersManyAggregates);

    [Fact]
    public Task Sigkilled_host_with_writers_closed_and_reopened_under_a_cap_of_4_keeps_every_acknowledged_command_exactly_once() =>
        RunAsync(CrashScenario.ManyCallersSmallWriterCap);

    private async Task RunAsync(CrashScenario scenario)
    {
        var rounds = scenario.Rounds;
        var seed = Environment.GetEnvironmentVariable("EVENTFOLD_CRASH_SEED") is { Length: > 0 } fixedSeed
            ? int.Parse(fixedSeed, CultureInfo.InvariantCulture)
            : Random.Shared.Next();
        var random = new Random(seed);
        var temp = new TempDirectory();
        var store = Path.Combine(temp.Path, "store");
        var ids = Enumerable.Range(0, scenario.Aggregates).Select(i => string.Create(CultureInfo.InvariantCulture, $"ledger-{i:D2}")).ToArray();
        var acked = new Dictionary<string, HostAck>(StringComparer.Ordinal);
        var hostSeeds = new HashSet<int>();
        var summary = new StringBuilder().AppendLine(CultureInfo.InvariantCulture, $"crash test ({scenario}) seed {seed}, store {store}");
        var clock = Stopwatch.StartNew();
        string? resendFile = null;
        var resent = 0;
        var recognisedUnacknowledged = 0;
        var tornInjected = 0;
        var onDiskOnly = new Dictionary<string, StoredCommand>(StringComparer.Ordinal);
        var passed = false;
        var round = 0;
        try
        {
            for (round = 1; round <= rounds + 1; round++)
            {
                var final = round > rounds;
                int hostSeed;
                do
                {
                    hostSeed = random.Next(1, int.MaxValue);
                }
                while (!hostSeeds.Add(hostSeed));

                var startClock = Stopwatch.StartNew();
                await using var host = await StartReadyAsync(scenario, store, round, hostSeed, resendFile);
                var readyAfter = startClock.Elapsed;
                string Failure(string what) =>
                    $"Crash test ({scenario}) seed {seed} (rerun its choices with EVENTFOLD_CRASH_SEED={seed}), round {round} of {rounds + 1}{(final ? " (final)" : "")}, " +
                    $"host seed {hostSeed}: {what}{Environment.NewLine}Store kept at {store}{Environment.NewLine}{summary}{host.Diagnostics()}";

                await host.WaitFirstAckAsync(StartTimeout);
                var firstAckAfter = startClock.Elapsed;
                int delay;
                if (final)
                {
                    delay = -1;
                    var expectedDups = resent;
                    var accepted = await host.WaitUntilAsync(
                        h => h.Errors.Count > 0 || (ids.All(id => h.Acks.Any(a => a.Aggregate == id)) && h.Duplicates.Count >= expectedDups),
                        FinalTimeout);
                    var silent = ids.Where(id => !host.Acks.Any(a => a.Aggregate == id)).ToList();
                    if (host.Errors.Count == 0 && (!accepted || silent.Count > 0 || host.Duplicates.Count < expectedDups))
                    {
                        Assert.Fail(Failure($"after the last restart not every aggregate accepted a new command within {FinalTimeout.TotalSeconds:0} s " +
                            $"(no ACK from: {string.Join(", ", silent)}), or not every resent command came back as a duplicate " +
                            $"({host.Duplicates.Count} of {expectedDups})"));
                    }
                }
                else
                {
                    delay = random.Next(300, 1500);
                    await Task.Delay(delay);
                }

                if (host.HasExited)
                {
                    Assert.Fail(Failure("the host exited on its own before it was killed"));
                }

                await host.KillAsync();

                if (host.Errors.Count > 0)
                {
                    Assert.Fail(Failure($"the host reported failed commands:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", host.Errors.Take(20))}"));
                }

                var acks = host.Acks;
                foreach (var ack in acks)
                {
                    if (!acked.TryAdd(ack.CommandId, ack))
                    {
                        Assert.Fail(Failure($"command id {ack.CommandId} was acknowledged twice (rounds {acked[ack.CommandId].Round} and {round})"));
                    }
                }

                foreach (var dup in host.Duplicates)
                {
                    if (acked.TryGetValue(dup.CommandId, out var original))
                    {
                        if (original.Aggregate != dup.Aggregate || original.Events != dup.Events || original.Version != dup.Version)
                        {
                            Assert.Fail(Failure($"resent command {dup.CommandId} on {dup.Aggregate} came back as a duplicate with {dup.Events} events at version {dup.Version}; " +
                                $"the original acknowledgement: {original}"));
                        }
                    }
                    else if (!onDiskOnly.TryGetValue(dup.CommandId, out var stored)
                        || stored.Aggregate != dup.Aggregate || stored.Count != dup.Events || stored.First + stored.Count != dup.Version)
                    {
                        Assert.Fail(Failure($"resent command {dup.CommandId} on {dup.Aggregate} came back as a duplicate with {dup.Events} events at version {dup.Version}; " +
                            $"on disk before the restart: {stored?.ToString() ?? "nothing"}"));
                    }
                    else
                    {
                        // Written before an earlier kill but never acknowledged; now it is, and must stay.
                        acked[dup.CommandId] = dup;
                        recognisedUnacknowledged++;
                    }
                }

                var checkClock = Stopwatch.StartNew();
                var report = LedgerFiles.Verify(store, ids, acked);
                if (report.Problems.Count > 0)
                {
                    Assert.Fail(Failure($"the files after the kill are wrong ({report.Problems.Count} problems):{Environment.NewLine}  " +
                        string.Join(Environment.NewLine + "  ", report.Problems.Take(25))));
                }

                summary.AppendLine(CultureInfo.InvariantCulture,
                    $"round {round}: READY after {readyAfter.TotalSeconds:0.0} s, first ACK after {firstAckAfter.TotalSeconds:0.0} s, " +
                    $"{(final ? "final run" : $"killed {delay} ms after the first ACK")}, {acks.Count} ACK, {host.Duplicates.Count} DUP of {resent} resent; " +
                    $"files: {report.Streams} streams, {report.Events} events, {report.Commands} commands ({report.UnacknowledgedCommands} never acknowledged), " +
                    $"{report.TornTails} torn tails, {report.PendingRotations} interrupted rotations, {report.Archives} archives, {report.Snapshots} with snapshots; " +
                    $"checked in {checkClock.ElapsedMilliseconds} ms; at {clock.Elapsed.TotalSeconds:0.0} s");

                if (!final && random.Next(2) == 0 && TornTailInjector.Inject(store, ids, round, random, temp.Path) is { } injected)
                {
                    summary.AppendLine(CultureInfo.InvariantCulture, $"  before round {round + 1}: {injected}");
                    tornInjected++;
                }

                onDiskOnly = report.Unacknowledged.ToDictionary(c => c.CommandId, StringComparer.Ordinal);
                (resendFile, resent) = WriteResendFile(temp.Path, round, acks, report.Unacknowledged, random);
            }

            passed = true;
            summary.AppendLine(CultureInfo.InvariantCulture, $"{acked.Count} acknowledged commands over {rounds} kills and a final run " +
                $"({recognisedUnacknowledged} of them written but unacknowledged before a kill, recognised as duplicates when resent), " +
                $"{tornInjected} torn tails injected, {clock.Elapsed.TotalSeconds:0.0} s");
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            // A start or kill that failed (its message has the host's output): add the seed and the story so far.
            throw new InvalidOperationException(
                $"Crash test ({scenario}) seed {seed} (rerun its choices with EVENTFOLD_CRASH_SEED={seed}), round {round} of {rounds + 1}: {e.Message}" +
                $"{Environment.NewLine}Store kept at {store}{Environment.NewLine}{summary}",
                e);
        }
        finally
        {
            output.WriteLine(summary.ToString());
            if (passed)
            {
                temp.Dispose();
            }
        }
    }

    /// <summary>Starts the host and waits for READY; starts it again on new ports (twice at most) only when a port was taken meanwhile.</summary>
    private static async Task<CrashHostProcess> StartReadyAsync(CrashScenario scenario, string store, int round, int hostSeed, string? resendFile)
    {
        for (var attempt = 1; ; attempt++)
        {
            var host = CrashHostProcess.Start(scenario, store, round, scenario.Aggregates, scenario.Concurrency, hostSeed, resendFile);
            try
            {
                await host.WaitReadyAsync(StartTimeout);
                return host;
            }
            catch (Exception)
            {
                await host.DisposeAsync();
                if (attempt >= 3 || !host.FailedOnPortInUse)
                {
                    throw;
                }
            }
        }
    }

    /// <summary>
    /// Commands for the next run to execute again, all of which must come back as duplicates: the last ones acknowledged
    /// before the kill, a few older ones, and a few that the kill caught after their write but before their acknowledgement.
    /// </summary>
    private static (string? Path, int Count) WriteResendFile(
        string directory, int round, IReadOnlyList<HostAck> acks, IReadOnlyList<StoredCommand> unacknowledged, Random random)
    {
        var picked = acks.TakeLast(8).Select(a => (a.Aggregate, a.CommandId, a.Events)).ToList();
        var older = acks.Take(Math.Max(0, acks.Count - 8)).Select(a => (a.Aggregate, a.CommandId, a.Events)).ToList();
        var written = unacknowledged.Select(c => (c.Aggregate, c.CommandId, Events: c.Count)).ToList();
        foreach (var (pool, count) in new[] { (older, 4), (written, 4) })
        {
            for (var i = 0; i < count && pool.Count > 0; i++)
            {
                var index = random.Next(pool.Count);
                picked.Add(pool[index]);
                pool.RemoveAt(index);
            }
        }

        if (picked.Count == 0)
        {
            return (null, 0);
        }

        var path = Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"resend-{round}.txt"));
        File.WriteAllLines(path, picked.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Aggregate} {c.CommandId} {c.Events}")));
        return (path, picked.Count);
    }
}
