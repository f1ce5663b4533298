using System.Diagnostics;

namespace ShopSample.Tests;

/// <summary>README's first command, as a process: the scripted run exits 0 and a second run continues from the same data.</summary>
public sealed class ShopProgramTests
{
    [Fact]
    public async Task Running_the_sample_twice_plays_two_runs_against_the_same_data()
    {
        var data = Path.Combine(Path.GetTempPath(), "shop-sample-" + Guid.NewGuid().ToString("N"));
        try
        {
            var first = await RunAsync(data);
            Assert.Contains("run 1", first);
            Assert.Contains($"data directory: {data}", first);
            var second = await RunAsync(data);
            Assert.Contains("run 2", second);
            Assert.Contains("shop-summary   placed 6, confirmed 4, cancelled 2", second);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static async Task<string> RunAsync(string data)
    {
        var sample = Path.Combine(AppContext.BaseDirectory, "ShopSample.dll");
        using var process = Process.Start(new ProcessStartInfo("dotnet", [sample, data])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}\n{await stdout}\n{await stderr}");
        Assert.Equal("", (await stderr).Trim());
        return await stdout;
    }
}
