using EventFold.Orleans.ProcessManagers;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Metadata;
using Orleans.Runtime;

namespace EventFold.Cli.DeadLetters;

/// <summary>
/// Finds a process manager of the running app by its name, knowing only <see cref="IProcessManagerGrain"/>: every manager
/// grain class implements it under the one key <see cref="ProcessManagerGrainKey.Value"/>, so the grain classes that do are
/// read from the cluster manifest the gateway sent, and each is asked its name.
/// </summary>
internal static class RunningManagers
{
    /// <summary>The grain of the app's process manager named <paramref name="name"/>.</summary>
    /// <exception cref="CliException">The app runs no process manager of that name (the message lists those it runs).</exception>
    public static async Task<IProcessManagerGrain> FindAsync(AppGateway app, string name, string storeHint)
    {
        var services = app.Client.ServiceProvider;
        var managerInterface = services.GetRequiredService<GrainInterfaceTypeResolver>().GetGrainInterfaceType(typeof(IProcessManagerGrain)).ToString();
        var grainTypes = services.GetRequiredService<IClusterManifestProvider>().Current.AllGrainManifests
            .SelectMany(m => m.Grains)
            .Where(g => g.Value.Properties.Any(p => p.Key.StartsWith(WellKnownGrainTypeProperties.ImplementedInterfacePrefix, StringComparison.Ordinal) && p.Value == managerInterface))
            .Select(g => g.Key)
            .Distinct()
            .ToList();

        var found = new List<string>();
        var failed = new List<string>();
        foreach (var grainType in grainTypes)
        {
            var grain = app.Client.GetGrain<IProcessManagerGrain>(GrainId.Create(grainType, ProcessManagerGrainKey.Value));
            string running;
            try
            {
                running = (await grain.GetStatusAsync().ConfigureAwait(false)).Name;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A manager that cannot activate (a configuration mistake in the app) is not the one asked for; say so if none is.
                failed.Add($"{grainType} ({e.GetType().Name}: {e.Message})");
                continue;
            }

            if (string.Equals(running, name, StringComparison.Ordinal))
            {
                return grain;
            }

            found.Add(running);
        }

        var runs = found.Count == 0 ? "it runs no process manager" : $"it runs: {string.Join(", ", found.Order(StringComparer.Ordinal))}";
        var broken = failed.Count == 0 ? "" : $"; these did not answer: {string.Join("; ", failed)}";
        throw new CliException($"the app on the gateway {app.Address} has no process manager \"{name}\" ({runs}{broken}); is {app.Address} the gateway of the app that writes {storeHint}?");
    }
}
