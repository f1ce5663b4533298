using EventFold.Orleans.Aggregates;
using EventFold.Orleans.Hosting;
using EventFold.Orleans.Provider;
using EventFold.Orleans.Store;

namespace EventFold.Orleans.Projections;

/// <summary>One aggregate type a projection follows: its type name and the classes its events decode to.</summary>
public sealed record FollowedType
{
    private FollowedType(string aggregateType, Type eventBaseType, Type grainClass)
    {
        AggregateType = aggregateType;
        EventBaseType = eventBaseType;
        GrainClass = grainClass;
    }

    /// <summary>The aggregate type name (the folder under <c>streams/</c> and the notice stream's namespace).</summary>
    public string AggregateType { get; }

    /// <summary>The aggregate's event base type.</summary>
    public Type EventBaseType { get; }

    /// <summary>The aggregate grain class (its assembly is searched for event classes, as the aggregate's own codec does).</summary>
    public Type GrainClass { get; }

    /// <summary>Follows the aggregate type served by <typeparamref name="TGrain"/>, an <see cref="AggregateGrain{TAggregate, TState, TCommand, TEvent}"/>.</summary>
    /// <typeparam name="TGrain">The aggregate grain class.</typeparam>
    /// <returns>The followed type.</returns>
    /// <exception cref="ArgumentException"><typeparamref name="TGrain"/> does not derive from <c>AggregateGrain&lt;,,,&gt;</c>.</exception>
    public static FollowedType Of<TGrain>()
        where TGrain : Grain
    {
        var grainClass = typeof(TGrain);
        if (GenericBase.Find(grainClass, typeof(AggregateGrain<,,,>)) is { } aggregateGrain)
        {
            return new FollowedType(EventFoldLogViewAdaptorFactory.AggregateTypeOf(grainClass), aggregateGrain.GetGenericArguments()[3], grainClass);
        }

        throw new ArgumentException(
            $"{grainClass.FullName} is not an AggregateGrain<TAggregate, TState, TCommand, TEvent>; a projection follows aggregate grain classes.",
            nameof(TGrain));
    }
}
