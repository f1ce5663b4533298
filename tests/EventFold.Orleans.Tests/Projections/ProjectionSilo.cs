using EventFold.Orleans.Hosting;
using EventFold.Orleans.Projections;
using EventFold.Orleans.Tests.Domain;
using EventFold.Orleans.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace EventFold.Orleans.Tests.Projections;

/// <summary>Starts a test silo for the projection tests, with some projection grain classes left out (a projection that is "down").</summary>
public static class ProjectionSilo
{
    public static Task<InProcessTestCluster> StartAsync(
        string directory,
        Type[]? without = null,
        Action<ProjectionOptions>? projections = null,
        Action<EventFoldOptions>? store = null)
    {
        // The v2 projection shares the name "totals" with v1: only the version test runs it, alone. The misconfigured one
        // would only log its activation failure at every start.
        without ??= [typeof(TotalsV2Grain), typeof(UnsubscribedGrain)];
        return TestSilo.StartAsync(directory, store, silo =>
        {
            silo.Services.PostConfigure<GrainTypeOptions>(o =>
            {
                foreach (var type in without)
                {
                    o.Classes.Remove(type);
                }
            });
            silo.Services.Configure<ProjectionOptions>(o => projections?.Invoke(o));
        });
    }

    public static async Task<Totals> WaitForAsync(ITotalsQueries grain, Func<Totals, bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var state = await grain.Get();
            if (done(state) || DateTime.UtcNow > deadline)
            {
                return state;
            }

            await Task.Delay(50);
        }
    }
}
