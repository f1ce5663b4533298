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

        string resendFile;
        await using (var host = CrashHostProcess.Start(Scenario, store, 1, Aggregates, Concurrency, Random.Shared.Next(1, int.MaxValue), null))
        {
            await host.WaitReadyAsync(Step);
            Assert.True(await host.WaitUntilAsync(h => h.Errors.Count > 0, Step), Failure("the disk never filled up", host));
            var full = host.Acks.Count;
            story.AppendLine(CultureInfo.InvariantCulture, $"disk full after {full} ACK");

            File.Delete(ballast);
            Assert.True(await host.WaitUntilAsync(h => h.Acks.Count >= full + 20, Step), Failure("no command succeeded after space was freed", host));
            story.AppendLine(CultureInfo.InvariantCulture, $"{host.Acks.Count - full} ACK after space was freed, without a restart");
            await host.KillAsync();

            AssertOnlyWriteFailures(host, Failure);
            foreach (var ack in host.Acks)
            {
                acked.Add(ack.CommandId, ack);
            }

            var report = LedgerFiles.Verify(store, ids, acked);
            Assert.True(report.Problems.Count == 0, Failure($"files after the kill: {string.Join(Environment.NewLine, report.Problems.Take(20))}", host));
            resendFile = Path.Combine(temp.Path, "resend.txt");
            await File.WriteAllLinesAsync(resendFile, host.Acks.TakeLast(8).Select(a => $"{a.Aggregate} {a.CommandId} {a.Events}"));
            story.AppendLine(CultureInfo.InvariantCulture, $"killed: {report.Events} events, {report.Snapshots} streams with snapshots, {report.Archives} archives");
        }

        // The disk is still (nearly) full: the restarted host must load every stream, recognise the resent commands
        // (reading needs no space), and accept new commands as space allows.
        await using (var host = CrashHostProcess.Start(Scenario, store, 2, Aggregates, Concurrency, Random.Shared.Next(1, int.MaxValue), resendFile))
        {
            await host.WaitReadyAsync(Step);
            Assert.True(await host.WaitUntilAsync(h => h.Duplicates.Count >= 8, Step), Failure("resent commands did not all come back as duplicates", host));
            await host.KillAsync();
            AssertOnlyWriteFailures(host, Failure);
            Assert.All(host.Duplicates, d => Assert.Equal(acked[d.CommandId] with { Round = d.Round }, d));
            foreach (var ack in host.Acks)
            {
                acked.Add(ack.CommandId, ack);
            }

            var report = LedgerFiles.Verify(store, ids, acked);
            Assert.True(report.Problems.Count == 0, Failure($"files after the second kill: {string.Join(Environment.NewLine, report.Problems.Take(20))}", host));
            output.WriteLine($"{story}restarted: {host.Acks.Count} ACK, {host.Duplicates.Count} DUP, {host.Errors.Count} write failures; {report.Events} events");
        }
    }

    /// <summary>A full disk may fail a command only with the typed write error (nothing of it is on disk); anything else is a bug.</summary>
    private static void AssertOnlyWriteFailures(CrashHostProcess host, Func<string, CrashHostProcess, string> failure)
    {
        var other = host.Errors.Where(e => !e.Contains(" AggregateWriteException: ", StringComparison.Ordinal)).ToList();
        Assert.True(other.Count == 0, failure($"failures other than a typed write error:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", other.Take(20))}", host));
    }
}
