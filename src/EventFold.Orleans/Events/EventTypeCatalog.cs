using System.Collections.Concurrent;
using System.Reflection;
using Orleans.Serialization.Internal;

namespace EventFold.Orleans.Events;

/// <summary>
/// The event type registries of one silo, one per event base type, built from every assembly that can define a
/// subclass: the loaded ones, Orleans' application parts (which loads referenced ones not loaded yet), the grain
/// classes' and the explicitly registered assemblies and classes.
/// </summary>
/// <remarks>The start-up check builds the registry of every EventFold grain, so a duplicate name stops the silo start.</remarks>
internal sealed class EventTypeCatalog(IEnumerable<Assembly> extraAssemblies, IEnumerable<Type> explicitTypes)
{
    private readonly ConcurrentDictionary<Type, Lazy<EventTypeRegistry>> _registries = new();
    private readonly Lazy<IReadOnlyList<Assembly>> _assemblies = new(() => Discover(extraAssemblies));
    private readonly Type[] _explicitTypes = [.. explicitTypes];

    /// <summary>The registry of an event base type; built on first use.</summary>
    /// <exception cref="EventTypeMappingException">Two classes share a name.</exception>
    public EventTypeRegistry For(Type baseType) =>
        _registries.GetOrAdd(baseType, type => new Lazy<EventTypeRegistry>(() => EventTypeRegistry.Build(type, _assemblies.Value, _explicitTypes))).Value;

    private static IReadOnlyList<Assembly> Discover(IEnumerable<Assembly> extra)
    {
        var assemblies = new HashSet<Assembly>(AppDomain.CurrentDomain.GetAssemblies());
        assemblies.UnionWith(ReferencedAssemblyProvider.GetRelevantAssemblies());
        assemblies.UnionWith(extra);
        return [.. assemblies];
    }
}
