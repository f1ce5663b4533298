using System.Collections.Concurrent;
using System.Reflection;
using System.Text.RegularExpressions;
using EventFold.Orleans.Aggregates;
using EventFold.Orleans.Commands;
using EventFold.Orleans.Events;
using EventFold.Orleans.Store;
using Microsoft.Extensions.Logging;
using Orleans.EventSourcing;
using Orleans.Storage;

namespace EventFold.Orleans.Provider;

/// <summary>
/// The EventFold log-consistency provider: makes the adaptor that keeps a journaled grain's events in
/// <c>streams/&lt;aggregate-type&gt;/&lt;encoded-id&gt;/</c>. Registered keyed as
/// <see cref="Hosting.EventFoldOptions.ProviderName"/> (and as the default) by <c>AddEventFold</c>.
/// </summary>
internal sealed partial class EventFoldLogViewAdaptorFactory(
    EventFoldStore store, EventTypeCatalog eventTypes, TimeProvider time, ILoggerFactory loggers, IGrainContextAccessor grainContexts)
    : ILogViewAdaptorFactory
{
    private static readonly ConcurrentDictionary<Type, string> AggregateTypes = new();

    private readonly ILogger _logger = loggers.CreateLogger("EventFold.Provider");

    /// <summary>Codecs are stateless: one per entry type, built by reflection once.</summary>
    private readonly ConcurrentDictionary<Type, object> _codecs = new();

    public bool UsesStorageProvider => false;

    public ILogViewAdaptor<TView, TEntry> MakeLogViewAdaptor<TView, TEntry>(
        ILogViewAdaptorHost<TView, TEntry> hostGrain,
        TView initialState,
        string grainTypeName,
        IGrainStorage? grainStorage,
        ILogConsistencyProtocolServices services)
        where TView : class, new()
        where TEntry : class
    {
        var grainClass = hostGrain.GetType();
        var aggregateType = AggregateTypeOf(grainClass);
        var id = services.GrainId.Key.ToString()!;
        var stream = new StreamIdentity(aggregateType, id, store.StreamDirectory(aggregateType, id));
        if (StreamIdEncoding.OrleansCarryProblem(id) is { } problem && !Directory.Exists(stream.Directory))
        {
            // Refused for new streams only: one created before this check keeps loading.
            throw new InvalidStreamIdException(id, problem, nameof(id));
        }

        var codec = CreateCodec<TEntry>();
        var adaptor = new EventFoldLogViewAdaptor<TView, TEntry>(hostGrain, initialState, services, stream, store, codec, time, _logger);

        // Orleans 10.4.2 does not stop the journal's lifecycle stage on deactivation, so PostOnDeactivate never runs:
        // aggregate grains call the journal from OnDeactivateAsync, and for any other journaled grain it is released once the
        // activation is gone.
        if (grainContexts.GrainContext is { } context)
        {
            context.SetComponent<IEventFoldJournal>(adaptor);
            context.Deactivated.ContinueWith(_ => adaptor.ReleaseAfterDeactivation(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        return adaptor;
    }

    /// <summary>The <see cref="AggregateTypeAttribute"/> name, or the lower-cased class name for plain journaled grains.</summary>
    internal static string AggregateTypeOf(Type grainClass) => AggregateTypes.GetOrAdd(grainClass, ResolveAggregateType);

    private static string ResolveAggregateType(Type grainClass)
    {
        var name = grainClass.GetCustomAttribute<AggregateTypeAttribute>()?.Name;
        if (name is null)
        {
            name = InvalidChars().Replace(grainClass.Name.ToLowerInvariant(), "-").TrimStart('-', '_');
            name = name.Length > 64 ? name[..64] : name;
        }

        AggregateTypeName.Validate(name);
        return name;
    }

    private IEntryCodec<TEntry> CreateCodec<TEntry>()
        where TEntry : class =>
        (IEntryCodec<TEntry>)_codecs.GetOrAdd(typeof(TEntry), _ => BuildCodec<TEntry>());

    private IEntryCodec<TEntry> BuildCodec<TEntry>()
        where TEntry : class
    {
        var json = store.Options.JsonSerializerOptions;
        if (typeof(TEntry).IsGenericType && typeof(TEntry).GetGenericTypeDefinition() == typeof(EventEnvelope<>))
        {
            var eventType = typeof(TEntry).GetGenericArguments()[0];
            var codecType = typeof(EnvelopeEntryCodec<>).MakeGenericType(eventType);
            return (IEntryCodec<TEntry>)Activator.CreateInstance(codecType, eventTypes.For(eventType), json)!;
        }

        return new PlainEntryCodec<TEntry>(eventTypes.For(typeof(TEntry)), json);
    }

    [GeneratedRegex("[^a-z0-9_-]+")]
    private static partial Regex InvalidChars();
}
