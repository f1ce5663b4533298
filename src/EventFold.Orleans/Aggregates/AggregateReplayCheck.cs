using System.Reflection;
using System.Text.Json;
using EventFold.Orleans.Events;
using EventFold.Orleans.Hosting;
using EventFold.Orleans.Provider;

namespace EventFold.Orleans.Aggregates;

/// <summary>The first event of a stream that could not be decoded or folded by a dry-run replay.</summary>
/// <param name="Version">The event's 1-based position in the stream.</param>
/// <param name="EventType">The stored event type name.</param>
/// <param name="Stage"><c>decode</c> (no class for the name, or its JSON does not deserialize) or <c>fold</c> (<c>Apply</c> threw).</param>
/// <param name="Message">What went wrong.</param>
/// <param name="Exception">The exception raised.</param>
public sealed record ReplayFailure(long Version, string EventType, string Stage, string Message, Exception Exception);

/// <summary>The outcome of folding a stream with the app's own aggregate, without writing anything.</summary>
/// <param name="AggregateType">The aggregate type name.</param>
/// <param name="GrainClass">The grain class serving it.</param>
/// <param name="AggregateClass">The aggregate class whose <c>Apply</c> was used.</param>
/// <param name="EventsFolded">Events folded before the first failure (all of them when there is none).</param>
/// <param name="State">The state after the events folded.</param>
/// <param name="Failure">The first failure, or <see langword="null"/>.</param>
public sealed record ReplayReport(string AggregateType, Type GrainClass, Type AggregateClass, long EventsFolded, object? State, ReplayFailure? Failure);

/// <summary>
/// Dry-run folds of stored events with an app's aggregate classes, decoding events exactly as the runtime does (stable
/// type names, the store's JSON options): what the <c>eventfold replay</c> tool runs. Reads only.
/// </summary>
public static class AggregateReplayCheck
{
    /// <summary>The aggregate grain classes of <paramref name="assembly"/>, by the aggregate type name the runtime stores them under.</summary>
    /// <param name="assembly">The app's assembly.</param>
    /// <returns>Grain classes by aggregate type name.</returns>
    public static IReadOnlyDictionary<string, Type> FindAggregateGrains(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var found = new Dictionary<string, Type>(StringComparer.Ordinal);
        foreach (var type in AssemblyScan.LoadableTypes(assembly))
        {
            if (type is { IsAbstract: false, IsGenericTypeDefinition: false } && GenericBase.Find(type, typeof(AggregateGrain<,,,>)) is not null)
            {
                found.TryAdd(EventFoldLogViewAdaptorFactory.AggregateTypeOf(type), type);
            }
        }

        return found;
    }

    /// <summary>Decodes and folds <paramref name="events"/> in order with the aggregate of <paramref name="grainClass"/>; stops at the first failure.</summary>
    /// <param name="grainClass">An <see cref="AggregateGrain{TAggregate, TState, TCommand, TEvent}"/> class.</param>
    /// <param name="events">The stream's stored events, in order.</param>
    /// <param name="json">The app's <c>EventFoldOptions.JsonSerializerOptions</c>; the default ones when <see langword="null"/>.</param>
    /// <param name="eventAssemblies">Assemblies that may define event classes besides the loaded ones.</param>
    /// <returns>The report.</returns>
    /// <exception cref="ArgumentException"><paramref name="grainClass"/> is not an aggregate grain class.</exception>
    public static ReplayReport Run(Type grainClass, IEnumerable<Event> events, JsonSerializerOptions? json = null, IEnumerable<Assembly>? eventAssemblies = null)
    {
        ArgumentNullException.ThrowIfNull(grainClass);
        ArgumentNullException.ThrowIfNull(events);
        var generic = GenericBase.Find(grainClass, typeof(AggregateGrain<,,,>))
            ?? throw new ArgumentException($"{grainClass.FullName} is not an AggregateGrain<TAggregate, TState, TCommand, TEvent>.", nameof(grainClass));
        var arguments = generic.GetGenericArguments();
        json ??= new EventFoldOptions().JsonSerializerOptions;
        var assemblies = AppDomain.CurrentDomain.GetAssemblies().Concat([arguments[3].Assembly, grainClass.Assembly]).Concat(eventAssemblies ?? []);
        var registry = EventTypeRegistry.Build(arguments[3], assemblies, []);
        var fold = typeof(AggregateReplayCheck).GetMethod(nameof(Fold), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(arguments);
        try
        {
            return (ReplayReport)fold.Invoke(null, [grainClass, registry, json, events])!;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
    }

    private static ReplayReport Fold<TAggregate, TState, TCommand, TEvent>(Type grainClass, EventTypeRegistry registry, JsonSerializerOptions json, IEnumerable<Event> events)
        where TAggregate : Aggregate<TState, TCommand, TEvent>, new()
        where TEvent : class
    {
        var aggregate = new TAggregate();
        var aggregateType = EventFoldLogViewAdaptorFactory.AggregateTypeOf(grainClass);
        var state = aggregate.Initial;
        long version = 0;
        foreach (var stored in events)
        {
            version++;
            TEvent payload;
            try
            {
                var type = registry.TypeOf(stored.Type);
                payload = (TEvent)(JsonSerializer.Deserialize(stored.Data.Span, type, json)
                    ?? throw new JsonException($"The data of a '{stored.Type}' event decoded to null."));
            }
            catch (Exception e) when (e is EventTypeMappingException or JsonException or NotSupportedException or InvalidCastException)
            {
                return new ReplayReport(aggregateType, grainClass, typeof(TAggregate), version - 1, state,
                    new ReplayFailure(version, stored.Type, "decode", e.Message, e));
            }

            try
            {
                state = aggregate.Apply(state, payload);
            }
            catch (Exception e)
            {
                return new ReplayReport(aggregateType, grainClass, typeof(TAggregate), version - 1, state,
                    new ReplayFailure(version, stored.Type, "fold", $"{e.GetType().Name}: {e.Message}", e));
            }
        }

        return new ReplayReport(aggregateType, grainClass, typeof(TAggregate), version, state, null);
    }
}
