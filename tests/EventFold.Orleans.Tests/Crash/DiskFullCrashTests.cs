using System.Globalization;
using System.Text;
using EventFold.Orleans.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace EventFold.Orleans.Tests.Crash;

/// <summary>
/// The crash host's store lives on a small tmpfs that its load fills. While the disk is full, commands fail with a typed
/// write error and nothing else (snapshot and rotation failures included: none may fail, hang or corrupt anything);
/// space handed back is used without a restart; after a SIGKILL the files hold every acknowledged command exactly once;
/// and the restarted host recognises resent commands and accepts new ones.
/// </summary>
/// <remarks>
/// Needs <c>unshare -rm</c> (unprivileged user namespaces) to mount the tmpfs; where that is not allowed the test says
/// so in its output and checks nothing.
/// </remarks>
public sealed class DiskFullCrashTests(ITestOutputHelper output)
{
    private const int Aggregates = 8;
    private const int Concurrency = 8;
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(40);
    private static readonly CrashScenario Scenario = CrashScenario.Default with { Name = "store on a 2 MiB tmpfs" };

    [Fact]
    public async Task A_full_disk_fails_commands_with_a_typed_error_loses_nothing_and_recovers_when_space_returns()
    {
        using var temp = new TempDirectory();
        var (tmpfs, why) = await SmallTmpfs.TryMountAsync(2 * 1024 * 1024, Path.Combine(temp.Path, "mnt"));
        if (tmpfs is null)
        {
            output.WriteLine($"not run: {why}");
            return;
        }

        using var _ = tmpfs;
        var ballast = tmpfs.Ballast("ballast", 768 * 1024);
        var store = Path.Combine(tmpfs.Path, "store");
        var ids = Enumerable.Range(0, Aggregates).Select(i => string.Create(CultureInfo.InvariantCulture, $"ledger-{i:D2}")).ToArray();
        var acked = new Dictionary<string, HostAck>(StringComparer.Ordinal);
        var story = new StringBuilder();
        string Failure(string what, CrashHostProcess host) => $"{what}{Environment.NewLine}{story}{host.Diagnostics()}";

        // Run 1: the load fills the disk; killed while it is full (rotations and snapshot saves failing half-way).
        string resendFile;
        await using (var host = CrashHostProcess.Start(Scenario, store, 1, Aggregates, Concurrency, Random.Shared.Next(1, int.MaxValue), null))
        {
            await host.WaitReadyAsync(Step);
            Assert.True(await host.WaitUntilAsync(h => h.Errors.Count > 0, Step), Failure("the disk never filled up", host));
            await Task.Delay(1000); // a while longer on the full disk
            await host.KillAsync();
            AssertOnlyWriteFailures(host, Failure);
            resendFile = Path.Combine(temp.Path, "resend.txt");
            await File.WriteAllLinesAsync(resendFile, host.Acks.TakeLast(8).Select(a => $"{a.Aggregate} {a.CommandId} {a.Events}"));
            story.AppendLine(CultureInfo.InvariantCulture, $"run 1: {host.Acks.Count} ACK, {host.Errors.Count} write failures, killed on the full disk");
            VerifyFiles(host, store, ids, acked, Failure);
        }

        // Run 2, on the still full disk: every stream loads right (reading needs no space), resent commands come back as
        // duplicates; then space is handed back and commands succeed again without a restart.
        await using (var host = CrashHostProcess.Start(Scenario, store, 2, Aggregates, Concurrency, Random.Shared.Next(1, int.MaxValue), resendFile))
        {
            await host.WaitReadyAsync(Step);
            Assert.True(await host.WaitUntilAsync(h => h.Duplicates.Count >= 8, Step), Failure("resent commands did not all come back as duplicates", host));
            var before = host.Acks.Count;
            File.Delete(ballast);
            Assert.True(await host.WaitUntilAsync(h => h.Acks.Count >= before + 50, Step), Failure("no command succeeded after space was freed", host));
            await host.KillAsync();
            AssertOnlyWriteFailures(host, Failure);
            Assert.All(host.Duplicates, d => Assert.Equal(acked[d.CommandId] with { Round = d.Round }, d));
            story.AppendLine(CultureInfo.InvariantCulture, $"run 2: {host.Duplicates.Count} DUP, {before} ACK on the full disk, {host.Acks.Count - before} after space was freed, {host.Errors.Count} write failures");
            VerifyFiles(host, store, ids, acked, Failure);
        }

        output.WriteLine(story.ToString());
    }

    /// <summary>Adds the run's ACKs and checks the files: every acknowledged command exactly once, nothing torn read.</summary>
    private static void VerifyFiles(
        CrashHostProcess host, string store, string[] ids, Dictionary<string, HostAck> acked, Func<string, CrashHostProcess, string> failure)
    {
        foreach (var ack in host.Acks)
        {
            acked.Add(ack.CommandId, ack);
        }

        var report = LedgerFiles.Verify(store, ids, acked);
        Assert.True(report.Problems.Count == 0, failure($"files after the kill: {string.Join(Environment.NewLine, report.Problems.Take(20))}", host));
    }

    /// <summary>A full disk may fail a command only with the typed write error (nothing of it is on disk); anything else is a bug.</summary>
    private static void AssertOnlyWriteFailures(CrashHostProcess host, Func<string, CrashHostProcess, string> failure)
    {
        var other = host.Errors.Where(e => !e.Contains(" AggregateWriteException: ", StringComparison.Ordinal)).ToList();
        Assert.True(other.Count == 0, failure($"failures other than a typed write error:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", other.Take(20))}", host));
    }
}
