using System.Diagnostics;
using System.Globalization;
using System.Text;
using EventFold.Orleans.Tests.Crash;
using EventFold.Orleans.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace EventFold.Orleans.Tests.Projections;

/// <summary>
/// A child process hosting aggregates and the LedgerTally projection over them (tests/EventFold.CrashHost, with
/// EVENTFOLD_CRASHHOST_PROJECTION=1) is killed with SIGKILL mid-load, repeatedly, and restarted on the same directory.
/// Each round waits until the projection has saved a checkpoint newer than the one it resumed from, so checkpoints
/// happen between kills. After each kill the checkpoint on disk must be one save's state and cursors, exactly the fold
/// of that prefix of the files. Mid-load the projection must hold its checkpoint plus what it applied since (it resumed,
/// did not rebuild, applied nothing twice). At the end, with the load stopped and the projection caught up, its state
/// must equal the full rebuild computed here from the files with the core reader, and it must have applied exactly the
/// events its last checkpoint lacked.
/// </summary>
/// <remarks>Set EVENTFOLD_CRASH_SEED to replay a seed printed by a failure.</remarks>
public sealed class ProjectionCrashTests(ITestOutputHelper output)
{
    private const int Aggregates = 8;
    private const int Concurrency = 8;
    private const int Kills = 4;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);
    private static readonly Dictionary<string, string> WithProjection = new() { ["EVENTFOLD_CRASHHOST_PROJECTION"] = "1" };

    [Fact]
    public async Task A_projection_sigkilled_mid_load_resumes_from_its_checkpoints_and_converges_to_the_full_rebuild_state()
    {
        var seed = Environment.GetEnvironmentVariable("EVENTFOLD_CRASH_SEED") is { Length: > 0 } fixedSeed
            ? int.Parse(fixedSeed, CultureInfo.InvariantCulture)
            : Random.Shared.Next();
        var random = new Random(seed);
        var temp = new TempDirectory();
        var store = Path.Combine(temp.Path, "store");
        var ids = Enumerable.Range(0, Aggregates).Select(i => string.Create(CultureInfo.InvariantCulture, $"ledger-{i:D2}")).ToArray();
        var summary = new StringBuilder().AppendLine(CultureInfo.InvariantCulture, $"projection crash test seed {seed}, store {store}");
        var clock = Stopwatch.StartNew();
        var scenario = CrashScenario.Default; // snapshots every 7 events, rotation at 4 KiB: followed streams rotate under the projection
        long checkpointed = 0; // events in the checkpoint the next run resumes from
        var acks = 0;
        var passed = false;
        var round = 0;
        try
        {
            for (round = 1; round <= Kills + 1; round++)
            {
                var final = round > Kills;
                await using var host = await StartReadyAsync(scenario, store, round, random.Next(1, int.MaxValue));
                string Failure(string what) =>
                    $"Projection crash test seed {seed} (rerun with EVENTFOLD_CRASH_SEED={seed}), round {round} of {Kills + 1}{(final ? " (final)" : "")}: " +
                    $"{what}{Environment.NewLine}Store kept at {store}{Environment.NewLine}{summary}{host.Diagnostics()}";

                await host.WaitFirstAckAsync(StartTimeout);
                await Task.Delay(random.Next(100, 600));

                // Mid-load: the state is the checkpoint it resumed from plus what this run applied, each event once.
                var mid = TallyReply.Parse(await host.RequestAsync("PROJECTION now", "PROJECTION", RequestTimeout));
                var midProblems = LedgerTallyFiles.SelfCheck(mid.Tally);
                if (mid.Rebuilds != 0 || mid.LastError is not null)
                {
                    midProblems.Add($"the projection rebuilt {mid.Rebuilds} times ({mid.LastRebuildReason}) or failed ({mid.LastError})");
                }

                if (mid.Tally.Events != checkpointed + mid.EventsApplied)
                {
                    midProblems.Add($"it holds {mid.Tally.Events} events, but resumed from a checkpoint of {checkpointed} and applied {mid.EventsApplied} since");
                }

                if (midProblems.Count > 0)
                {
                    Assert.Fail(Failure($"mid-load the projection is wrong:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", midProblems)}"));
                }

                // Checkpoints between kills: wait (under load) for a newer one than the run resumed from, then kill at a random moment.
                var resumedFrom = checkpointed;
                if (!await host.WaitUntilAsync(_ => LedgerTallyFiles.CheckpointedEvents(store) > resumedFrom || host.Errors.Count > 0, RequestTimeout))
                {
                    Assert.Fail(Failure($"no checkpoint newer than {resumedFrom} events was saved within {RequestTimeout.TotalSeconds:0} s"));
                }

                TallyReply? last = null;
                if (final)
                {
                    await host.RequestAsync("STOP", "STOPPED", RequestTimeout);
                    last = TallyReply.Parse(await host.RequestAsync("PROJECTION catchup", "PROJECTION", RequestTimeout));
                }
                else
                {
                    await Task.Delay(random.Next(0, 1000));
                }

                if (host.HasExited)
                {
                    Assert.Fail(Failure("the host exited on its own before it was killed"));
                }

                await host.KillAsync();
                if (host.Errors.Count > 0)
                {
                    Assert.Fail(Failure($"the host reported errors:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", host.Errors.Take(20))}"));
                }

                acks += host.Acks.Count;
                var seqs = LedgerTallyFiles.ReadSeqs(store, ids);
                var stored = seqs.Values.Sum(s => s.Count);
                var checkpoint = LedgerTallyFiles.ReadCheckpoint(store);
                if (checkpoint is null)
                {
                    Assert.Fail(Failure("there is no checkpoint on disk after the kill"));
                }

                var checkpointProblems = LedgerTallyFiles.CheckCheckpoint(checkpoint, seqs);
                if (checkpointProblems.Count > 0)
                {
                    Assert.Fail(Failure($"the checkpoint after the kill is wrong:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", checkpointProblems)}"));
                }

                summary.AppendLine(CultureInfo.InvariantCulture,
                    $"round {round}: resumed from {resumedFrom} events, mid-load {mid.Tally.Events} ({mid.EventsApplied} applied by this run), " +
                    $"{(final ? "load stopped" : "killed")} after {host.Acks.Count} ACK; files {stored} events, checkpoint {checkpoint.State.Events} events " +
                    $"({checkpoint.CursorsFile}, {checkpoint.CursorsLength} bytes); at {clock.Elapsed.TotalSeconds:0.0} s");

                if (final)
                {
                    var expected = LedgerTallyFiles.FullRebuild(seqs);
                    var problems = LedgerTallyFiles.Compare(expected, last!.Tally);
                    if (last.Rebuilds != 0 || last.LastError is not null)
                    {
                        problems.Add($"the projection rebuilt {last.Rebuilds} times ({last.LastRebuildReason}) or failed ({last.LastError})");
                    }

                    // Resumed from the last kill's checkpoint, it applied exactly what that checkpoint lacked: nothing twice, nothing re-read.
                    if (last.EventsApplied != stored - resumedFrom)
                    {
                        problems.Add($"the last run applied {last.EventsApplied} events; the files hold {stored}, its checkpoint held {resumedFrom}");
                    }

                    if (problems.Count > 0)
                    {
                        Assert.Fail(Failure($"after catch-up the projection is not the full-rebuild state ({expected}):{Environment.NewLine}  " +
                            string.Join(Environment.NewLine + "  ", problems)));
                    }

                    Assert.Equal(Aggregates, expected.Streams.Count);
                    summary.AppendLine(CultureInfo.InvariantCulture,
                        $"{Kills} kills, {acks} acknowledged commands, {stored} events; the final state equals the full rebuild: {last.Tally}; " +
                        $"{clock.Elapsed.TotalSeconds:0.0} s");
                }

                checkpointed = checkpoint.State.Events;
            }

            passed = true;
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException(
                $"Projection crash test seed {seed} (rerun with EVENTFOLD_CRASH_SEED={seed}), round {round} of {Kills + 1}: {e.Message}" +
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

    /// <summary>Starts the host with the projection and waits for READY; starts it again on new ports (twice at most) only when a port was taken meanwhile.</summary>
    private static async Task<CrashHostProcess> StartReadyAsync(CrashScenario scenario, string store, int round, int hostSeed)
    {
        for (var attempt = 1; ; attempt++)
        {
            var host = CrashHostProcess.Start(scenario, store, round, Aggregates, Concurrency, hostSeed, resendFile: null, WithProjection);
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
}
