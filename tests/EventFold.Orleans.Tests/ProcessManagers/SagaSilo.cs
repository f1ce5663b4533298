using System.Text.Json;
using EventFold.Orleans.Commands;
using EventFold.Orleans.ProcessManagers;
using EventFold.Orleans.Tests.ProcessManagers.Domain;
using EventFold.Orleans.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace EventFold.Orleans.Tests.ProcessManagers;

/// <summary>Starts silos for the process manager tests and reads what the sagas did, from grains and from the files.</summary>
public static class SagaSilo
{
    public static Task<InProcessTestCluster> StartAsync(string directory, Action<ProcessManagerOptions>? managers = null, Action<ISiloBuilder>? silo = null) =>
        TestSilo.StartAsync(directory, silo: builder =>
        {
            // The misconfigured managers of ProcessManagerConfigurationTests would only log their activation failures.
            builder.Services.PostConfigure<GrainTypeOptions>(o =>
            {
                o.Classes.Remove(typeof(UnsubscribedManagerGrain));
                o.Classes.Remove(typeof(BadlyNamedGrain));
            });
            builder.Services.Configure<ProcessManagerOptions>(o => managers?.Invoke(o));
            silo?.Invoke(builder);
        });

    /// <summary>Places the orders concurrently (command id = order id, so a resend after a restart is harmless).</summary>
    public static Task PlaceAsync(IGrainFactory grains, IEnumerable<(string Order, string Sku, int Quantity)> orders) =>
        Task.WhenAll(orders.Select(o => grains.GetGrain<ISagaOrder>(o.Order)
            .Execute(new PlaceSagaOrder(o.Sku, o.Quantity), new CommandContext { CommandId = "place-" + o.Order, CorrelationId = "corr-" + o.Order })));

    /// <summary>How many of the orders are confirmed or cancelled.</summary>
    public static async Task<int> FinishedAsync(IGrainFactory grains, IEnumerable<string> orders)
    {
        var states = await Task.WhenAll(orders.Select(o => grains.GetGrain<ISagaOrder>(o).GetState()));
        return states.Count(s => s.Status is "confirmed" or "cancelled");
    }

    /// <summary>Waits until every order is confirmed or cancelled (at most 90 s); returns how many are.</summary>
    public static async Task<int> WaitFinishedAsync(IGrainFactory grains, IReadOnlyCollection<string> orders)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            var finished = await FinishedAsync(grains, orders);
            if (finished == orders.Count || DateTime.UtcNow > deadline)
            {
                return finished;
            }

            await Task.Delay(50);
        }
    }

    /// <summary>The command ids in the meta of every event of a stream, read from its files.</summary>
    public static IReadOnlyList<string?> CommandIds(string baseDirectory, string aggregateType, string id) =>
        [.. Events(baseDirectory, aggregateType, id).Select(e => e.Meta is { } meta && JsonDocument.Parse(meta).RootElement.TryGetProperty(MetaKeys.CommandId, out var c) ? c.GetString() : null)];

    /// <summary>Every event of a stream, straight from its files.</summary>
    public static IReadOnlyList<Event> Events(string baseDirectory, string aggregateType, string id) =>
        StreamFiles.ReadAll(new EventFold.Orleans.Store.StorePaths(baseDirectory).StreamDirectory(aggregateType, id));
}
