using System.Text.Json;
using EventFold.Cli.Tests.Support;
using Xunit;

namespace EventFold.Cli.Tests.Commands;

/// <summary>The packed <c>dotnet tool</c>: packs, installs into a temp tool path from a local feed, and runs.</summary>
public sealed class PackedToolTests(RuntimeStore runtime) : IClassFixture<RuntimeStore>, IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task The_packed_tool_installs_and_runs()
    {
        var root = Processes.RepositoryRoot();
        var version = $"0.0.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}.{Guid.NewGuid():N}"[..48].TrimEnd('.');
        var feed = Path.Combine(_dir.Path, "feed");
        var tools = Path.Combine(_dir.Path, "tools");
        var config = Path.Combine(_dir.Path, "nuget.config");
        File.WriteAllText(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        // A package cache of its own: no earlier install of any version can be picked up instead of this build.
        var environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(_dir.Path, "packages"), ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1" };

        var pack = await Processes.RunAsync("dotnet",
            ["pack", Path.Combine(root, "src", "EventFold.Cli", "EventFold.Cli.csproj"), "-c", "Release", "--no-restore", "-o", feed, $"-p:PackageVersion={version}"]);
        Assert.True(pack.ExitCode == 0, pack.Output);
        Assert.True(File.Exists(Path.Combine(feed, $"EventFold.Cli.{version}.nupkg")), pack.Output);

        var install = await Processes.RunAsync("dotnet",
            ["tool", "install", "EventFold.Cli", "--tool-path", tools, "--add-source", feed, "--configfile", config, "--version", version], environment);
        Assert.True(install.ExitCode == 0, install.Output);

        var eventfold = Path.Combine(tools, OperatingSystem.IsWindows() ? "eventfold.exe" : "eventfold");
        var help = await Processes.RunAsync(eventfold, ["--help"], environment);
        Assert.Equal(0, help.ExitCode);
        foreach (var command in new[] { "ls", "show", "stats", "verify", "replay", "repair", "projections" })
        {
            Assert.Contains(command, help.Output);
        }

        var verify = await Processes.RunAsync(eventfold, ["verify", runtime.Path, "--json"], environment);
        Assert.True(verify.ExitCode == 0, verify.Output);
        using var json = JsonDocument.Parse(verify.Output);
        Assert.True(json.RootElement.GetProperty("clean").GetBoolean());
        Assert.Equal(36, json.RootElement.GetProperty("events").GetInt64());

        // replay in a separate process: the app assembly goes into its own load context, sharing EventFold and Orleans with the tool.
        var replay = await Processes.RunAsync(eventfold, ["replay", runtime.Path, "tally", "b", "--assembly", typeof(Domain.TallyGrain).Assembly.Location, "--json"], environment);
        Assert.True(replay.ExitCode == 0, replay.Output);
        using var replayed = JsonDocument.Parse(replay.Output);
        Assert.Equal(30, replayed.RootElement.GetProperty("events_folded").GetInt64());

        var store = runtime.CopyTo(_dir);
        Damage.TearTail(Damage.Log(store, "a"));
        var torn = await Processes.RunAsync(eventfold, ["verify", store], environment);
        Assert.Equal(ExitCodes.Findings, torn.ExitCode);
        Assert.Contains("torn-tail", torn.Output);
    }
}
