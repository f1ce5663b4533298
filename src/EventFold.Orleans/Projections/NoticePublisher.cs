using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using EventFold.Orleans.Diagnostics;
using EventFold.Orleans.ProcessManagers;
using EventFold.Orleans.Store;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Streams;

namespace EventFold.Orleans.Projections;

/// <summary>
/// Delivers write notices from a background loop, so a write never waits on them: a one-way
/// <see cref="IProjectionGrain.NotifyAsync"/> to each projection grain class subscribed to the aggregate type (the
/// fast path), and the notice on the memory stream of that type (namespace = type name, key =
/// <see cref="ProjectionGrainKey.Value"/>), whose queues Orleans polls.
/// </summary>
/// <remarks>
/// A full queue or a failed delivery drops the notice: notices are only wake-ups, the files are the truth. A projection
/// that gets a notice twice (direct and streamed) skips the second: its cursor already stands past it.
/// </remarks>
internal sealed class NoticePublisher : ILifecycleParticipant<ISiloLifecycle>
{
    private static readonly ConditionalWeakTable<EventFoldStore, NoticePublisher> ByStore = new();

    private readonly IServiceProvider _services;
    private readonly ILogger _logger;
    private readonly ProjectionOptions _options;
    private readonly Channel<ProjectionNotice> _queue;
    private readonly ConcurrentDictionary<string, (string GrainClass, bool IsProcessManager)[]> _followers = new(StringComparer.Ordinal);
    private (Type GrainClass, bool IsProcessManager)[]? _consumerClasses;
    private Task _loop = Task.CompletedTask;

    public NoticePublisher(EventFoldStore store, IServiceProvider services, IOptions<ProjectionOptions> options, ILoggerFactory loggers)
    {
        _services = services;
        _options = options.Value;
        _logger = loggers.CreateLogger("EventFold.Projections");
        _queue = Channel.CreateBounded<ProjectionNotice>(new BoundedChannelOptions(Math.Max(1, _options.MaxPendingNotices))
        {
            FullMode = BoundedChannelFullMode.DropWrite,
            SingleReader = true,
        });
        ByStore.AddOrUpdate(store, this);
    }

    /// <summary>The provider's hook after a confirmed write of <paramref name="store"/>; never blocks, never throws.</summary>
    public static void Published(EventFoldStore store, string aggregateType, string id, long fromVersion, long toVersion, long endOffset, string hash)
    {
        // Only types a projection or process manager follows: a notice nobody subscribes to still costs a stream message.
        if (ByStore.TryGetValue(store, out var publisher) && publisher._options.PublishNotices && toVersion > fromVersion
            && publisher.FollowersOf(aggregateType).Length > 0
            && publisher._queue.Writer.TryWrite(new ProjectionNotice(aggregateType, id, fromVersion, toVersion, endOffset, hash)))
        {
            EventFoldTelemetry.NoticesPublished.Add(1, EventFoldTelemetry.TypeTag(aggregateType));
        }
    }

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(NoticePublisher), ServiceLifecycleStage.Active, Start, Stop);

    private Task Start(CancellationToken cancellationToken)
    {
        _loop = Task.Run(RunAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task Stop(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        await _loop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task RunAsync()
    {
        var client = _services.GetRequiredService<IClusterClient>();
        var provider = client.GetStreamProvider(ProjectionOptions.StreamProviderName);
        await foreach (var notice in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                if (_options.DirectNotices)
                {
                    foreach (var (grainClass, isProcessManager) in FollowersOf(notice.AggregateType))
                    {
                        // One-way: completes once sent, never waits for the projection's fold.
                        var wake = isProcessManager
                            ? client.GetGrain<IProcessManagerGrain>(ProjectionGrainKey.Value, grainClass).NotifyAsync(notice)
                            : client.GetGrain<IProjectionGrain>(ProjectionGrainKey.Value, grainClass).NotifyAsync(notice);
                        await wake.ConfigureAwait(false);
                    }
                }

                await provider.GetStream<ProjectionNotice>(StreamId.Create(notice.AggregateType, ProjectionGrainKey.Value))
                    .OnNextAsync(notice).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                _logger.LogWarning(e, "EventFold dropped the notice for {AggregateType}/{Id} v{Version}; projections read it from the files later", notice.AggregateType, notice.Id, notice.ToVersion);
            }
        }
    }

    /// <summary>The projection and process manager grain classes whose implicit subscriptions match <paramref name="aggregateType"/>.</summary>
    private (string GrainClass, bool IsProcessManager)[] FollowersOf(string aggregateType) =>
        // The argument overload: a lambda capturing this would be allocated on every write.
        _followers.GetOrAdd(aggregateType, static (type, self) => self.FindFollowers(type), this);

    private (string GrainClass, bool IsProcessManager)[] FindFollowers(string type)
    {
        if (_consumerClasses is null)
        {
            var classes = _services.GetRequiredService<IOptions<GrainTypeOptions>>().Value.Classes;
            _consumerClasses = [.. ProjectionStartup.ProjectionGrainClasses(classes).Select(c => (c, false))
                .Concat(ProcessManagerStartup.ProcessManagerGrainClasses(classes).Select(c => (c, true)))];
        }

        return [.. _consumerClasses
            .Where(c => c.GrainClass.GetCustomAttributes<ImplicitStreamSubscriptionAttribute>(inherit: true).Any(a => a.Predicate.IsMatch(type)))
            .Select(c => (c.GrainClass.FullName!, c.IsProcessManager))];
    }
}
