using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Xml.Linq;
using Xunit;

namespace EventFold.Orleans.Testing.Tests.Packaging;

/// <summary>
/// Packs the three packages with a unique prerelease version into a temporary feed, and builds and runs a throwaway console app
/// (outside the repository, so none of our build props apply) that references them by version: no project references, its own
/// package cache, a nuget.config that takes EventFold* only from that feed. Takes a minute or two.
/// </summary>
[Trait("Category", "Packaging")]
public sealed class PackageConsumeTests
{
    private static readonly string[] Packages = ["EventFold", "EventFold.Orleans", "EventFold.Orleans.Testing"];
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(6);

    [Fact]
    public async Task The_packed_packages_build_and_run_a_new_app_that_references_them_by_version()
    {
        var version = string.Create(CultureInfo.InvariantCulture, $"0.0.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}{Random.Shared.Next(100, 999)}");
        var work = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "eventfold-pack-tests", Guid.NewGuid().ToString("N"))).FullName;
        try
        {
            var feed = Directory.CreateDirectory(Path.Combine(work, "feed")).FullName;
            await PackAsync(work, feed, version);
            AssertPackageMetadata(feed, version);

            var app = Directory.CreateDirectory(Path.Combine(work, "app")).FullName;
            var cache = Directory.CreateDirectory(Path.Combine(work, "nuget-packages")).FullName;
            await WriteAppAsync(app, feed, version);
            var environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = cache };

            var (built, buildOutput) = await DotnetCli.RunAsync(app, environment, StepTimeout, "build", "-nologo", "-v:q", "-warnaserror");
            Assert.True(built == 0, $"The consuming app does not build (exit {built}):{Environment.NewLine}{buildOutput}");
            AssertResolvedFromTheFeed(app, cache, version);

            var data = Path.Combine(work, "data");
            var (ran, runOutput) = await DotnetCli.RunAsync(
                app, environment, StepTimeout, Path.Combine(app, "bin", "Debug", "net10.0", "PackageConsumer.dll"),
                data, FreePort().ToString(CultureInfo.InvariantCulture), FreePort().ToString(CultureInfo.InvariantCulture));
            Assert.True(ran == 0, $"The consuming app failed (exit {ran}):{Environment.NewLine}{runOutput}");
            Assert.Contains("SPEC ok", runOutput);
            Assert.Contains("STATE total=5 version=1", runOutput);
            Assert.Contains("FILE events=1 type=added", runOutput);
        }
        finally
        {
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
                // Leftovers in the temp folder must not fail the test.
            }
        }
    }

    /// <summary>Packs each package project with its bin/obj under the work directory, so the repository's own build output is untouched.</summary>
    private static async Task PackAsync(string work, string feed, string version)
    {
        foreach (var package in Packages)
        {
            var project = Path.Combine(RepositoryFiles.Root, "src", package, package + ".csproj");
            var (code, output) = await DotnetCli.RunAsync(
                RepositoryFiles.Root, new Dictionary<string, string>(), StepTimeout,
                "pack", project, "-nologo", "-v:q", "-c", "Release", "-o", feed, "--artifacts-path", Path.Combine(work, "artifacts"), "-p:Version=" + version);
            Assert.True(code == 0, $"dotnet pack {package} failed (exit {code}):{Environment.NewLine}{output}");
        }

        var packed = Directory.GetFiles(feed, "*.nupkg").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(Packages.Select(p => $"{p}.{version}.nupkg").Order(StringComparer.Ordinal), packed);
    }

    private static void AssertPackageMetadata(string feed, string version)
    {
        foreach (var package in Packages)
        {
            using var zip = ZipFile.OpenRead(Path.Combine(feed, $"{package}.{version}.nupkg"));
            using var nuspecStream = zip.GetEntry($"{package}.nuspec")!.Open();
            var nuspec = XDocument.Load(nuspecStream);
            var ns = nuspec.Root!.GetDefaultNamespace();
            var metadata = nuspec.Root.Element(ns + "metadata")!;
            Assert.Equal(package, metadata.Element(ns + "id")!.Value);
            Assert.Equal("MIT", metadata.Element(ns + "license")!.Value);
            Assert.False(string.IsNullOrWhiteSpace(metadata.Element(ns + "description")?.Value), $"{package} has no description");
            Assert.Equal("README.md", metadata.Element(ns + "readme")!.Value);
            Assert.NotNull(zip.GetEntry("README.md"));
            Assert.StartsWith("https://", metadata.Element(ns + "repository")!.Attribute("url")!.Value);
            Assert.NotNull(zip.GetEntry($"lib/net10.0/{package}.dll"));
            Assert.NotNull(zip.GetEntry($"lib/net10.0/{package}.xml"));

            var dependencies = metadata.Descendants(ns + "group").Single(g => (string?)g.Attribute("targetFramework") == "net10.0")
                .Elements(ns + "dependency").ToDictionary(d => d.Attribute("id")!.Value, d => d.Attribute("version")!.Value);
            Assert.DoesNotContain(dependencies.Keys, id => id.Contains("xunit", StringComparison.OrdinalIgnoreCase));
            switch (package)
            {
                case "EventFold.Orleans":
                    // The core is a package dependency (not a bundled dll), at exactly this version: they share internals.
                    Assert.Equal($"[{version}]", dependencies["EventFold"]);
                    Assert.Equal(RepositoryFiles.PackageVersion("Microsoft.Orleans.Server"), dependencies["Microsoft.Orleans.Server"]);
                    Assert.Null(zip.GetEntry("lib/net10.0/EventFold.dll"));
                    break;
                case "EventFold.Orleans.Testing":
                    Assert.Equal($"[{version}]", dependencies["EventFold.Orleans"]);
                    Assert.Equal(RepositoryFiles.PackageVersion("Microsoft.Orleans.TestingHost"), dependencies["Microsoft.Orleans.TestingHost"]);
                    break;
                default:
                    Assert.DoesNotContain(dependencies.Keys, id => id.StartsWith("Microsoft.Orleans", StringComparison.Ordinal));
                    break;
            }
        }
    }

    /// <summary>The app's restore took our three packages from the feed into its own cache, as packages (not projects).</summary>
    private static void AssertResolvedFromTheFeed(string app, string cache, string version)
    {
        using var assets = JsonDocument.Parse(File.ReadAllText(Path.Combine(app, "obj", "project.assets.json")));
        var libraries = assets.RootElement.GetProperty("libraries");
        foreach (var package in Packages)
        {
            Assert.True(libraries.TryGetProperty($"{package}/{version}", out var library), $"{package} {version} is not in the app's restore graph");
            Assert.Equal("package", library.GetProperty("type").GetString());
            Assert.True(File.Exists(Path.Combine(cache, package.ToLowerInvariant(), version, $"{package.ToLowerInvariant()}.{version}.nupkg")), $"{package} was not restored into the app's own cache");
        }
    }

    private static async Task WriteAppAsync(string app, string feed, string version)
    {
        var machineCache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } cache
            ? cache
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

        // EventFold* only from the feed; everything else from nuget.org, or from this machine's cache when it has it (offline runs).
        await File.WriteAllTextAsync(Path.Combine(app, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
              <packageSourceMapping>
                <packageSource key="local"><package pattern="EventFold" /><package pattern="EventFold.*" /></packageSource>
                <packageSource key="nuget.org"><package pattern="*" /></packageSource>
              </packageSourceMapping>
              <fallbackPackageFolders>
                <clear />
                <add key="machine" value="{machineCache}" />
              </fallbackPackageFolders>
            </configuration>
            """);
        await File.WriteAllTextAsync(Path.Combine(app, "PackageConsumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="EventFold.Orleans" Version="{version}" />
                <PackageReference Include="EventFold.Orleans.Testing" Version="{version}" />
                <PackageReference Include="Microsoft.Extensions.Hosting" Version="{RepositoryFiles.PackageVersion("Microsoft.Extensions.Hosting")}" />
              </ItemGroup>
            </Project>
            """);
        await File.WriteAllTextAsync(Path.Combine(app, "Counter.cs"), """
            using EventFold.Orleans.Aggregates;
            using EventFold.Orleans.Events;

            namespace PackageConsumer;

            [GenerateSerializer]
            public abstract record CounterCommand;

            [GenerateSerializer]
            public sealed record Add([property: Id(0)] int Amount) : CounterCommand;

            [GenerateSerializer]
            public abstract record CounterEvent;

            [GenerateSerializer, EventType("added")]
            public sealed record Added([property: Id(0)] int Amount) : CounterEvent;

            [GenerateSerializer]
            public sealed record CounterState([property: Id(0)] int Total);

            public sealed class CounterAggregate : Aggregate<CounterState, CounterCommand, CounterEvent>
            {
                public override CounterState Initial => new(0);

                public override Decision<CounterEvent> Decide(CounterState state, CounterCommand command) => command switch
                {
                    Add { Amount: <= 0 } => Reject("counter.bad-amount", "Add a positive amount."),
                    Add add => Accept(new Added(add.Amount)),
                    _ => throw new ArgumentOutOfRangeException(nameof(command)),
                };

                public override CounterState Apply(CounterState state, CounterEvent @event) => @event switch
                {
                    Added added => state with { Total = state.Total + added.Amount },
                    _ => throw new ArgumentOutOfRangeException(nameof(@event)),
                };
            }

            public interface ICounter : IAggregateGrain<CounterState, CounterCommand, CounterEvent>;

            [AggregateType("counter")]
            public sealed class CounterGrain : AggregateGrain<CounterAggregate, CounterState, CounterCommand, CounterEvent>, ICounter;
            """);
        await File.WriteAllTextAsync(Path.Combine(app, "Program.cs"), """
            using System.Globalization;
            using EventFold;
            using EventFold.Orleans.Commands;
            using EventFold.Orleans.Hosting;
            using EventFold.Orleans.Store;
            using EventFold.Orleans.Testing;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;
            using Microsoft.Extensions.Logging;
            using PackageConsumer;

            // The testing kit's pure spec, then the same aggregate in a hosted silo, then its file read with the core package's reader.
            Spec.For(new CounterAggregate()).Given(new Added(2)).When(new Add(3)).Then(new Added(3));
            Spec.For(new CounterAggregate()).When(new Add(0)).ThenRejected("counter.bad-amount");
            Console.WriteLine("SPEC ok");

            var dataDirectory = args[0];
            using var host = Host.CreateDefaultBuilder()
                .UseOrleans(silo => silo
                    .UseLocalhostClustering(int.Parse(args[1], CultureInfo.InvariantCulture), int.Parse(args[2], CultureInfo.InvariantCulture))
                    .AddEventFold(options => options.BaseDirectory = dataDirectory))
                .ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
                .Build();
            await host.StartAsync();

            var counter = host.Services.GetRequiredService<IGrainFactory>().GetGrain<ICounter>("c-1");
            var result = await counter.Execute(new Add(5), new CommandContext { CommandId = "add-5" });
            var state = await counter.GetVersionedState();
            Console.WriteLine($"STATE total={state.State.Total} version={state.Version}");

            var stream = host.Services.GetRequiredService<EventFoldStore>().StreamDirectory("counter", "c-1");
            var events = new EventReader(stream).ReadFull().Select(r => r.Event).ToList();
            Console.WriteLine($"FILE events={events.Count} type={events[0].Type}");
            await host.StopAsync();
            return result.Succeeded ? 0 : 1;
            """);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
