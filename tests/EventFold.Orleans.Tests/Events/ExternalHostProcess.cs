using System.Diagnostics;
using System.Globalization;
using System.Text;
using EventFold.Orleans.Tests.Crash;

namespace EventFold.Orleans.Tests.Events;

/// <summary>Runs <c>EventFold.Orleans.Tests.ExternalHost</c> (a silo in its own process) once, to completion.</summary>
public static class ExternalHostProcess
{
    private const string Project = "EventFold.Orleans.Tests.ExternalHost";

    /// <summary>Writes the ledger's opening and a bonus; returns the host's stdout, or throws with its output when it fails.</summary>
    public static async Task<string> RunAsync(string baseDirectory, string ledgerId, long bonus)
    {
        var start = new ProcessStartInfo(CrashHostProcess.DotnetPath())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(LocateDll());
        foreach (var arg in new object[] { baseDirectory, CrashHostProcess.FreePort(), CrashHostProcess.FreePort(), ledgerId, bonus })
        {
            start.ArgumentList.Add(Convert.ToString(arg, CultureInfo.InvariantCulture)!);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Project} did not exit within 2 minutes.");
        }

        var output = await stdout;
        return process.ExitCode == 0
            ? output
            : throw new InvalidOperationException($"{Project} exited with {process.ExitCode}:{Environment.NewLine}{output}{Environment.NewLine}{await stderr}");
    }

    /// <summary>tests/EventFold.Orleans.Tests/bin/&lt;configuration&gt;/&lt;tfm&gt;/ -> tests/&lt;Project&gt;/bin/&lt;configuration&gt;/&lt;tfm&gt;/.</summary>
    private static string LocateDll()
    {
        var testDirectory = new DirectoryInfo(AppContext.BaseDirectory);
        var (tfm, configuration) = (testDirectory.Name, testDirectory.Parent?.Name ?? "Debug");
        var tests = testDirectory.Parent?.Parent?.Parent?.Parent?.FullName ?? "";
        var dll = Path.Combine(tests, Project, "bin", configuration, tfm, Project + ".dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"{dll} was not found; build the test project (it references {Project}).");
    }
}
