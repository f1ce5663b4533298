using System.Diagnostics;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using EventFold.Orleans.Tests.Support;
using Xunit;

namespace EventFold.Orleans.Tests.Docs;

/// <summary>
/// README's C# blocks are a whole project as written: each block becomes a file of a fresh console project
/// (the <c>dotnet new console</c> defaults, outside the repository so none of our build props apply) that
/// references the library and the packages README names, and it must build without warnings.
/// </summary>
public sealed partial class ReadmeSnippetTests
{
    [Fact]
    public void Readme_names_the_package_versions_the_repository_builds_with()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot, "README.md"));
        foreach (var package in ReadmePackages)
        {
            Assert.Contains($"`{package}` {PackageVersion(package)}", readme);
        }
    }

    [Fact]
    public async Task Readme_csharp_blocks_build_as_a_project()
    {
        var blocks = CSharpBlocks(File.ReadAllText(Path.Combine(RepositoryRoot, "README.md")));
        Assert.True(blocks.Count >= 3, $"README has {blocks.Count} csharp blocks; the aggregate, grain and host blocks are expected.");
        Assert.Single(blocks, b => b.Contains("await host.StopAsync();", StringComparison.Ordinal));

        using var dir = new TempDirectory();
        for (var i = 0; i < blocks.Count; i++)
        {
            await File.WriteAllTextAsync(Path.Combine(dir.Path, $"Block{i + 1}.cs"), blocks[i]);
        }

        var packages = string.Concat(ReadmePackages.Select(p => $"""<PackageReference Include="{p}" Version="{PackageVersion(p)}" />"""));
        var library = Path.Combine(RepositoryRoot, "src", "EventFold.Orleans", "EventFold.Orleans.csproj");
        var testingKit = Path.Combine(RepositoryRoot, "src", "EventFold.Orleans.Testing", "EventFold.Orleans.Testing.csproj");
        await File.WriteAllTextAsync(Path.Combine(dir.Path, "ReadmeApp.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>{packages}<ProjectReference Include="{library}" /><ProjectReference Include="{testingKit}" /></ItemGroup>
            </Project>
            """);

        // The library is already built by the test run: do not rebuild it (or touch its obj/) from here.
        var (code, output) = await RunDotnetAsync(dir.Path, "build", "--no-dependencies", "-nologo", "-v:q", "-p:Configuration=" + Configuration);
        Assert.True(code == 0, $"README's csharp blocks do not build (exit {code}):\n{output}");
    }

    private static IReadOnlyList<string> ReadmePackages { get; } = ["Microsoft.Orleans.Server", "Microsoft.Extensions.Hosting"];

    private static string Configuration =>
        typeof(ReadmeSnippetTests).Assembly.Location.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    private static string RepositoryRoot { get; } = FindRepositoryRoot();

    private static List<string> CSharpBlocks(string markdown) =>
        [.. CSharpBlock().Matches(markdown).Select(m => m.Groups["code"].Value)];

    private static string PackageVersion(string package) =>
        XDocument.Load(Path.Combine(RepositoryRoot, "Directory.Packages.props"))
            .Descendants("PackageVersion")
            .Single(e => (string?)e.Attribute("Include") == package)
            .Attribute("Version")!.Value;

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EventFold.Orleans.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (EventFold.Orleans.sln) was not found above " + AppContext.BaseDirectory);
    }

    private static async Task<(int Code, string Output)> RunDotnetAsync(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The test host runs under MSBuild's environment; a child build must pick its own SDK and settings.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    [GeneratedRegex(@"^```csharp\n(?<code>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
