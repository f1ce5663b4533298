using System.Text;
using EventFold.Cli.Tests.Support;
using Xunit;

namespace EventFold.Cli.Tests.Commands;

/// <summary><c>verify</c> on copies of a runtime-written store damaged the ways crashes and disks damage them.</summary>
public sealed class VerifyCorruptionTests(RuntimeStore runtime) : IClassFixture<RuntimeStore>, IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_flipped_byte_is_an_error_naming_the_file_and_the_line_offset()
    {
        var store = runtime.CopyTo(_dir);
        var log = Damage.Log(store, "a");
        var secondLine = Array.IndexOf(File.ReadAllBytes(log), (byte)'\n') + 1;
        Damage.FlipByte(log, secondLine + 3);

        var run = await Tool.RunAsync("verify", store, "--json");

        Assert.Equal(ExitCodes.Findings, run.ExitCode);
        Assert.False(run.Json().GetProperty("clean").GetBoolean());
        var finding = Findings.Single(run, "corrupt-line");
        Assert.Equal("error", finding.GetProperty("severity").GetString());
        Assert.Equal(log, finding.GetProperty("file").GetString());
        Assert.Equal(secondLine, finding.GetProperty("offset").GetInt64());
        Assert.Equal("tally/a", finding.GetProperty("stream").GetString());

        var table = await Tool.RunAsync("verify", store, "--no-progress");
        Assert.Equal(ExitCodes.Findings, table.ExitCode);
        Assert.Contains("corrupt-line", table.Output);
        Assert.Contains(secondLine.ToString(), table.Output);
    }

    [Fact]
    public async Task A_torn_tail_is_a_warning_at_the_end_of_the_last_complete_line()
    {
        var store = runtime.CopyTo(_dir);
        var end = Damage.TearTail(Damage.Log(store, "a"));

        var run = await Tool.RunAsync("verify", store, "tally", "a", "--json");

        Assert.Equal(ExitCodes.Findings, run.ExitCode);
        var finding = Findings.Single(run, "torn-tail");
        Assert.Equal("warning", finding.GetProperty("severity").GetString());
        Assert.Equal(end, finding.GetProperty("offset").GetInt64());
        Assert.Equal(5, run.Json().GetProperty("events").GetInt64());
    }

    [Fact]
    public async Task A_truncated_archive_names_the_frame_that_does_not_decode()
    {
        var store = runtime.CopyTo(_dir);
        var archive = Damage.Archive(store, "b");
        var length = new FileInfo(archive).Length;
        Damage.Truncate(archive, 5);

        var run = await Tool.RunAsync("verify", store, "--json");

        Assert.Equal(ExitCodes.Findings, run.ExitCode);
        var finding = Findings.Single(run, "corrupt-archive");
        Assert.Equal(archive, finding.GetProperty("file").GetString());
        var offset = finding.GetProperty("offset").GetInt64();
        Assert.InRange(offset, 0, length - 6);
        Assert.Contains($"frame at byte {offset}", finding.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_stale_snapshot_is_reported_as_rebuilt()
    {
        var store = runtime.CopyTo(_dir);
        var snapshot = Damage.Snapshot(store, "a");
        Assert.True(File.Exists(snapshot), "the runtime wrote a snapshot for stream a");
        ChangeLastAmountBefore(Damage.Log(store, "a"), SnapshotOffset(snapshot));

        var run = await Tool.RunAsync("verify", store, "--json");

        Assert.Equal(ExitCodes.Findings, run.ExitCode);
        var finding = Findings.Single(run, "stale-snapshot");
        Assert.Equal(snapshot, finding.GetProperty("file").GetString());
        Assert.Contains("no longer has hash", finding.GetProperty("message").GetString());
        Assert.DoesNotContain(Findings.Of(run), f => f.GetProperty("severity").GetString() == "error");
    }

    internal static long SnapshotOffset(string snapshot)
    {
        using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(snapshot));
        return document.RootElement.GetProperty("offset").GetInt64();
    }

    /// <summary>Rewrites one digit of the last <c>"amount":</c> before <paramref name="offset"/>: the line stays valid, its hash changes.</summary>
    internal static void ChangeLastAmountBefore(string log, long offset)
    {
        var bytes = File.ReadAllBytes(log);
        var text = Encoding.UTF8.GetString(bytes, 0, (int)offset);
        var at = text.LastIndexOf("\"amount\":", StringComparison.Ordinal) + "\"amount\":".Length;
        bytes[at] = bytes[at] == (byte)'9' ? (byte)'8' : (byte)'9';
        File.WriteAllBytes(log, bytes);
    }
}
