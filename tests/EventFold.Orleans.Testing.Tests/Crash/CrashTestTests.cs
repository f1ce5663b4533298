using Xunit;
using Xunit.Abstractions;

namespace EventFold.Orleans.Testing.Tests.Crash;

/// <summary>The kit's crash test, pointed at the shelf crash host (tests/EventFold.Orleans.Testing.CrashHost), as an app would.</summary>
public sealed class CrashTestTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Sigkilled_shelf_host_keeps_every_acknowledged_command_exactly_once()
    {
        var report = await CrashTest.RunAsync(new CrashTestOptions { Host = HostDll, Kills = 3 });
        output.WriteLine(report.Summary);

        Assert.Equal(3, report.Kills);
        Assert.True(report.Acknowledged > 0, report.Summary);
        Assert.True(report.Rejected > 0, $"no command was rejected, so the rejected-but-written check never ran:{Environment.NewLine}{report.Summary}");
        Assert.True(report.Duplicates > 0, $"no resent command came back as a duplicate:{Environment.NewLine}{report.Summary}");
        Assert.True(report.EventsOnDisk >= report.Acknowledged, report.Summary);
    }

    [Fact]
    public async Task A_host_that_makes_another_command_for_a_resent_id_fails_the_crash_test()
    {
        var options = new CrashTestOptions { Host = HostDll, Kills = 1, Seed = 7 };
        options.Environment["EVENTFOLD_TESTING_CRASHHOST_UNSTABLE"] = "1";

        var failure = await Assert.ThrowsAsync<CrashTestFailedException>(() => CrashTest.RunAsync(options));

        Assert.Contains("seed 7", failure.Message);
        Assert.Contains("the host reported failed commands", failure.Message);
        Assert.Contains("CommandIdReusedException", failure.Message);
    }

    [Fact]
    public async Task A_missing_host_is_reported_with_its_path()
    {
        var path = Path.Combine(Path.GetTempPath(), "no-such-crash-host.dll");

        var failure = await Assert.ThrowsAsync<FileNotFoundException>(() => CrashTest.RunAsync(new CrashTestOptions { Host = path }));

        Assert.Contains(path, failure.Message);
        Assert.Contains(nameof(EventFoldCrashHost), failure.Message);
    }

    /// <summary>tests/EventFold.Orleans.Testing.Tests/bin/&lt;configuration&gt;/&lt;tfm&gt;/ → tests/EventFold.Orleans.Testing.CrashHost/bin/&lt;configuration&gt;/&lt;tfm&gt;/.</summary>
    private static string HostDll
    {
        get
        {
            var tfm = new DirectoryInfo(AppContext.BaseDirectory);
            var configuration = tfm.Parent!;
            var tests = configuration.Parent!.Parent!.Parent!;
            return Path.Combine(tests.FullName, "EventFold.Orleans.Testing.CrashHost", "bin", configuration.Name, tfm.Name, "EventFold.Orleans.Testing.CrashHost.dll");
        }
    }
}
