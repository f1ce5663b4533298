using System.Text;
using EventFold.Cli.Tests.Support;
using Xunit;

namespace EventFold.Cli.Tests.Commands;

/// <summary><c>projections</c> and <c>verify</c> on a process manager's checkpoint and dead-letter file.</summary>
public sealed class ProcessManagerChecksTests(DeadLetterStore runtime) : IClassFixture<DeadLetterStore>, IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Projections_lists_the_process_manager_checkpoint()
    {
        var run = await Tool.RunAsync("projections", runtime.Path, "--json");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var manager = Assert.Single(run.Json().GetProperty("process_managers").EnumerateArray());
        Assert.Equal("gatekeeper", manager.GetProperty("name").GetString());
        Assert.Equal("ok", manager.GetProperty("status").GetString());
        Assert.Equal(0, manager.GetProperty("lag").GetInt64());
        Assert.Equal(2, manager.GetProperty("streams").EnumerateArray().Count(s => s.GetProperty("type").GetString() == "cli-visitor" && s.GetProperty("version").GetInt64() == 1));

        var table = await Tool.RunAsync("projections", runtime.Path);
        Assert.Contains("process manager", table.Output);
        Assert.Contains("gatekeeper", table.Output);
    }

    [Fact]
    public async Task Verify_reports_a_damaged_middle_line_of_the_dead_letters_with_its_offset()
    {
        var store = runtime.CopyTo(_dir);
        var file = runtime.LettersFile(store);
        var lines = File.ReadAllLines(file);
        Assert.Equal(2, lines.Length);
        var secondLine = Encoding.UTF8.GetByteCount(lines[0]) + 1;
        File.WriteAllText(file, lines[0] + "\n" + "{\"kind\":\"letter\",garbage}\n" + lines[1] + "\n", new UTF8Encoding(false));

        var run = await Tool.RunAsync("verify", store, "--json");

        Assert.Equal(ExitCodes.Findings, run.ExitCode);
        var finding = Findings.Single(run, "corrupt-dead-letter");
        Assert.Equal("error", finding.GetProperty("severity").GetString());
        Assert.Equal(secondLine, finding.GetProperty("offset").GetInt64());
        Assert.Equal(file, finding.GetProperty("file").GetString());
    }

    [Fact]
    public async Task Verify_reports_a_torn_last_line_of_the_dead_letters_as_a_warning_and_is_clean_without_it()
    {
        var clean = await Tool.RunAsync("verify", runtime.Path, "--json");
        Assert.Equal(ExitCodes.Ok, clean.ExitCode);
        Assert.DoesNotContain(Findings.Of(clean), f => f.GetProperty("kind").GetString()!.Contains("dead-letter", StringComparison.Ordinal));

        var store = runtime.CopyTo(_dir);
        var file = runtime.LettersFile(store);
        var length = new FileInfo(file).Length;
        File.AppendAllText(file, "{\"kind\":\"resol", Encoding.UTF8);

        var run = await Tool.RunAsync("verify", store, "--json");

        var finding = Findings.Single(run, "torn-dead-letter");
        Assert.Equal("warning", finding.GetProperty("severity").GetString());
        Assert.Equal(length, finding.GetProperty("offset").GetInt64());
        Assert.DoesNotContain(Findings.Of(run), f => f.GetProperty("severity").GetString() == "error");
    }

    [Fact]
    public async Task Verify_reports_a_process_manager_cursor_that_no_longer_continues_its_stream()
    {
        var store = runtime.CopyTo(_dir);
        var log = Path.Combine(new EventFold.Orleans.Store.StorePaths(store).StreamDirectory("cli-visitor", "v-1"), "app.jsonl");
        var text = File.ReadAllText(log);
        File.WriteAllText(log, text.Replace("\"g-1\"", "\"g-9\"", StringComparison.Ordinal));

        var run = await Tool.RunAsync("verify", store, "--json");

        var finding = Findings.Single(run, "process-manager-cursor");
        Assert.Contains("gatekeeper", finding.GetProperty("message").GetString());
        Assert.Equal("cli-visitor/v-1", finding.GetProperty("stream").GetString());
    }
}
