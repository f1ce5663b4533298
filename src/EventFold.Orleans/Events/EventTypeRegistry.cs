using System.Collections.Concurrent;
using System.Reflection;

namespace EventFold.Orleans.Events;

/// <summary>
/// Maps the concrete event classes of one event base type to their stable names and back.
/// </summary>
/// <remarks>
/// Candidates are the concrete classes assignable to the base type in the assemblies given (when the base type is
/// <see cref="object"/>, only classes carrying <see cref="EventTypeAttribute"/>). Two classes with one name is a
/// configuration error reported when the registry is built, not a silent overwrite.
/// </remarks>
internal sealed class EventTypeRegistry
{
    private static readonly ConcurrentDictionary<(Type, Assembly?), EventTypeRegistry> Cache = new();

    private readonly Dictionary<string, Type> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<Type, string> _byType = new();
    private readonly Type _baseType;

    private EventTypeRegistry(Type baseType, IEnumerable<Assembly> assemblies)
    {
        _baseType = baseType;
        foreach (var type in assemblies.Distinct().SelectMany(SafeGetTypes))
        {
            if (type.IsAbstract || type.IsInterface || type.IsGenericTypeDefinition || !baseType.IsAssignableFrom(type))
            {
                continue;
            }

            var attribute = type.GetCustomAttribute<EventTypeAttribute>();
            if (baseType == typeof(object) && attribute is null)
            {
                continue;
            }

            Add(type, attribute?.Name ?? type.Name);
        }
    }

    /// <summary>Gets (or builds once) the registry for <typeparamref name="TEvent"/>, also scanning <paramref name="extraAssembly"/>.</summary>
    public static EventTypeRegistry For<TEvent>(Assembly? extraAssembly = null) =>
        Cache.GetOrAdd((typeof(TEvent), extraAssembly), key =>
        {
            var assemblies = new List<Assembly> { key.Item1.Assembly };
            if (key.Item2 is not null)
            {
                assemblies.Add(key.Item2);
            }

            return new EventTypeRegistry(key.Item1, assemblies);
        });

    /// <summary>The stable name of an event object's class.</summary>
    public string NameOf(Type type)
    {
        lock (_byType)
        {
            if (_byType.TryGetValue(type, out var name))
            {
                return name;
            }

            // A class from an assembly that was not scanned: learn it now, with the same rules.
            if (!_baseType.IsAssignableFrom(type))
            {
                throw new EventTypeMappingException($"{type.FullName} is not a {_baseType.FullName}.");
            }

            var attribute = type.GetCustomAttribute<EventTypeAttribute>();
            Add(type, attribute?.Name ?? type.Name);
            return _byType[type];
        }
    }

    /// <summary>The class registered under a stable name.</summary>
    public Type TypeOf(string name)
    {
        lock (_byType)
        {
            return _byName.TryGetValue(name, out var type)
                ? type
                : throw new EventTypeMappingException(
                    $"No {_baseType.Name} class is registered for the event type name '{name}'. " +
                    "Mark the class with [EventType(\"" + name + "\")] or keep its class name.");
        }
    }

    private void Add(Type type, string name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new EventTypeMappingException($"{type.FullName} has an empty event type name.");
        }

        if (_byName.TryGetValue(name, out var existing) && existing != type)
        {
            throw new EventTypeMappingException(
                $"The event type name '{name}' is used by both {existing.FullName} and {type.FullName}; give one of them [EventType(\"...\")].");
        }

        _byName[name] = type;
        _byType[type] = name;
    }

    private static IEnumerable<Type> SafeGetTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            return e.Types.Where(t => t is not null)!;
        }
    }
}
