using EventFold.Orleans.Reading;
using EventFold.Orleans.Store;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting;

namespace EventFold.Orleans.Projections;

/// <summary>Registers what projections need; called by <c>AddEventFold</c>.</summary>
public static class ProjectionSiloBuilderExtensions
{
    /// <summary>
    /// Registers the store's stream source, the write-notice publisher, the memory stream provider
    /// <see cref="ProjectionOptions.StreamProviderName"/> (implicit subscriptions only, so no PubSubStore) and the
    /// activation of every projection at silo start.
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <returns>The builder.</returns>
    public static ISiloBuilder AddEventFoldProjections(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (services.Any(d => d.ServiceType == typeof(NoticePublisher)))
        {
            return builder;
        }

        services.AddOptions<ProjectionOptions>();
        services.TryAddSingleton<IStreamSource>(sp => new FileStreamSource(sp.GetRequiredService<EventFoldStore>()));
        services.AddSingleton<NoticePublisher>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<NoticePublisher>());
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, ProjectionStartup>();
        builder.AddMemoryStreams(ProjectionOptions.StreamProviderName, streams =>
        {
            streams.ConfigureStreamPubSub(global::Orleans.Streams.StreamPubSubType.ImplicitOnly);
            // Read when the options are built, so services.Configure<ProjectionOptions> set later still applies.
            streams.ConfigurePullingAgent(agent => agent.Configure<IOptions<ProjectionOptions>>((pulling, projections) =>
                pulling.GetQueueMsgsTimerPeriod = projections.Value.NoticePullingPeriod));
        });
        // After AddMemoryStreams, so this runs after its own setting of the queue count.
        services.AddOptions<HashRingStreamQueueMapperOptions>(ProjectionOptions.StreamProviderName)
            .Configure<IOptions<ProjectionOptions>>((queues, projections) => queues.TotalQueueCount = Math.Max(1, projections.Value.NoticeQueues));
        return builder;
    }
}
