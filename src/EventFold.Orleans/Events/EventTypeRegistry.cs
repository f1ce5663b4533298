using System.Reflection;
using EventFold.Orleans.Hosting;

namespace EventFold.Orleans.Events;

/// <summary>
/// Maps the concrete event classes of one event base type to their stable names and back.
/// </summary>
/// <remarks>
/// Candidates are the concrete classes assignable to the base type among the given assemblies and explicitly
/// registered classes (when the base type is <see cref="object"/>, only classes carrying <see cref="EventTypeAttribute"/>).
/// Two classes with one name is a configuration error reported when the registry is built, not a silent overwrite.
/// </remarks>
internal sealed class EventTypeRegistry
{
    private readonly Dictionary<string, Type> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<Type, string> _byType = new();
    private readonly Type _baseType;

    private EventTypeRegistry(Type baseType, IEnumerable<Type> candidates)
    {
        _baseType = baseType;
        foreach (var type in candidates.Distinct())
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

    /// <summary>The event classes known so far.</summary>
    public IReadOnlyList<Type> Types
    {
        get
        {
            lock (_byType)
            {
                return [.. _byType.Keys];
            }
        }
    }

    /// <summary>Builds the registry of <paramref name="baseType"/> from the assemblies that can define its subclasses, plus <paramref name="explicitTypes"/>.</summary>
    /// <exception cref="EventTypeMappingException">Two classes share a name, or a name is empty.</exception>
    public static EventTypeRegistry Build(Type baseType, IEnumerable<Assembly> assemblies, IEnumerable<Type> explicitTypes)
    {
        // A subclass's assembly references the base type's; [EventType] classes of base object reference EventFold.Orleans.
        var anchor = baseType == typeof(object) ? typeof(EventTypeAttribute).Assembly : baseType.Assembly;
        var candidates = AssemblyScan.TypesReferencing(assemblies.Distinct().Where(a => !a.IsDynamic), anchor);
        return new EventTypeRegistry(baseType, candidates.Concat(explicitTypes));
    }

    /// <summary>A registry of <typeparamref name="TEvent"/> from its own assembly and <paramref name="extraAssembly"/> (tests and benchmarks).</summary>
    public static EventTypeRegistry For<TEvent>(Assembly? extraAssembly = null) =>
        Build(typeof(TEvent), extraAssembly is null ? [typeof(TEvent).Assembly] : [typeof(TEvent).Assembly, extraAssembly], []);

    /// <summary>The stable name of an event object's class.</summary>
    public string NameOf(Type type)
    {
        lock (_byType)
        {
            if (_byType.TryGetValue(type, out var name))
            {
                return name;
            }

            // A class from an assembly that was not loaded when the silo started: learn it now, with the same rules.
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
                    "Mark the class with [EventType(\"" + name + "\")] or keep its class name; if its assembly is loaded only later, " +
                    "register it with EventFoldOptions.AddEventTypes or AddEventAssemblies.");
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
                $"The event type name '{name}' of {_baseType.FullName} is used by both {existing.FullName} (assembly {existing.Assembly.GetName().Name}) " +
                $"and {type.FullName} (assembly {type.Assembly.GetName().Name}); give one of them another [EventType(\"...\")].");
        }

        _byName[name] = type;
        _byType[type] = name;
    }
}
