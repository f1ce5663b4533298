using EventFold.Orleans.Aggregates;
using EventFold.Orleans.Hosting;
using EventFold.Orleans.Provider;
using EventFold.Orleans.Store;
using Orleans.Metadata;

namespace EventFold.Orleans.Bus;

/// <summary>
/// The aggregate types the bus can reach, found among the silo's grain classes: every concrete
/// <c>AggregateGrain&lt;TAggregate, TState, TCommand, TEvent&gt;</c> subclass stored by EventFold, by its aggregate type name.
/// </summary>
/// <remarks>
/// Two grain classes with one aggregate type name do not stop the silo (they may be used directly), but the bus refuses
/// to guess between them: a dispatch to that name throws <see cref="AmbiguousAggregateTypeException"/>.
/// </remarks>
internal sealed class AggregateRoutes
{
    private readonly Dictionary<string, AggregateRoute> _routes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Type>> _ambiguous = new(StringComparer.Ordinal);

    private AggregateRoutes(IEnumerable<AggregateRoute> routes)
    {
        foreach (var route in routes)
        {
            if (_ambiguous.TryGetValue(route.AggregateType, out var claimed))
            {
                claimed.Add(route.GrainClass);
            }
            else if (_routes.Remove(route.AggregateType, out var first))
            {
                _ambiguous[route.AggregateType] = [first.GrainClass, route.GrainClass];
            }
            else
            {
                _routes[route.AggregateType] = route;
            }
        }
    }

    /// <summary>The routes with a unique aggregate type name.</summary>
    public IReadOnlyCollection<AggregateRoute> All => _routes.Values;

    /// <summary>Finds the aggregate grains among <paramref name="grainClasses"/>.</summary>
    public static AggregateRoutes Discover(IEnumerable<Type> grainClasses, IServiceProvider services, GrainTypeResolver grainTypes, GrainInterfaceTypeResolver interfaces)
    {
        var routes = new List<AggregateRoute>();
        foreach (var stored in EventFoldGrainClass.Find(grainClasses, services))
        {
            if (GenericBase.Find(stored.Grain, typeof(AggregateGrain<,,,>)) is not { } aggregateGrain)
            {
                continue;
            }

            string aggregateType;
            try
            {
                aggregateType = EventFoldLogViewAdaptorFactory.AggregateTypeOf(stored.Grain);
            }
            catch (InvalidAggregateTypeException)
            {
                // The grain cannot activate either and says so when called directly; the bus does not stop the silo for it.
                continue;
            }

            var arguments = aggregateGrain.GenericTypeArguments;
            var (state, command, @event) = (arguments[1], arguments[2], arguments[3]);
            routes.Add(new AggregateRoute(
                aggregateType,
                stored.Grain,
                grainTypes.GetGrainType(stored.Grain),
                command,
                AggregateInvoker.For(state, command, @event, interfaces)));
        }

        return new AggregateRoutes(routes);
    }

    /// <summary>The route of <paramref name="aggregateType"/>.</summary>
    /// <exception cref="UnknownAggregateTypeException">No hosted aggregate grain has that name.</exception>
    /// <exception cref="AmbiguousAggregateTypeException">Several have it.</exception>
    public AggregateRoute Resolve(string? aggregateType)
    {
        if (aggregateType is not null && _routes.TryGetValue(aggregateType, out var route))
        {
            return route;
        }

        if (aggregateType is not null && _ambiguous.TryGetValue(aggregateType, out var classes))
        {
            throw new AmbiguousAggregateTypeException(aggregateType, [.. classes.Select(c => c.FullName!)]);
        }

        throw new UnknownAggregateTypeException(aggregateType, _routes.Keys);
    }
}
