using System.Reflection;
using EventFold.Orleans.Commands;
using EventFold.Orleans.Hosting;
using Orleans.Serialization.Internal;

namespace EventFold.Orleans.Bus;

/// <summary>
/// The command classes of one silo by stable name (<see cref="CommandTypeName"/>): for each hosted aggregate's command base
/// type, its concrete classes; and every <see cref="CommandTypeAttribute"/> class of the loaded assemblies, so that a name
/// sent to the wrong aggregate is told apart from an unknown one.
/// </summary>
/// <remarks>
/// Built when the silo starts. A name is unique among the classes of one command base type (events work the same way);
/// the same name under two base types is allowed, since a JSON envelope always names its aggregate type.
/// </remarks>
internal sealed class CommandTypeCatalog
{
    private readonly Dictionary<Type, Dictionary<string, Type>> _byBase = [];
    private readonly Dictionary<string, List<Type>> _byName = new(StringComparer.Ordinal);

    private CommandTypeCatalog()
    {
    }

    /// <summary>Builds the catalog of <paramref name="commandBases"/> from <paramref name="assemblies"/> and the loaded ones.</summary>
    /// <exception cref="CommandTypeMappingException">Two classes of one command base type share a name, or a name is empty.</exception>
    public static CommandTypeCatalog Build(IEnumerable<Type> commandBases, IEnumerable<Assembly> assemblies)
    {
        var all = new HashSet<Assembly>(AppDomain.CurrentDomain.GetAssemblies());
        all.UnionWith(ReferencedAssemblyProvider.GetRelevantAssemblies());
        all.UnionWith(assemblies);
        all.RemoveWhere(a => a.IsDynamic);

        var catalog = new CommandTypeCatalog();
        foreach (var commandBase in commandBases.Distinct())
        {
            var names = new Dictionary<string, Type>(StringComparer.Ordinal);
            foreach (var type in Candidates(commandBase, all))
            {
                Add(names, commandBase, type);
                catalog.Index(type);
            }

            catalog._byBase[commandBase] = names;
        }

        foreach (var type in AssemblyScan.TypesReferencing(all, typeof(CommandTypeAttribute).Assembly))
        {
            if (IsConcrete(type) && type.IsDefined(typeof(CommandTypeAttribute), inherit: false))
            {
                catalog.Index(type);
            }
        }

        return catalog;
    }

    /// <summary>The class of <paramref name="commandBase"/> named <paramref name="name"/>.</summary>
    public bool TryResolve(Type commandBase, string name, out Type commandClass)
    {
        commandClass = null!;
        return _byBase.TryGetValue(commandBase, out var names) && names.TryGetValue(name, out commandClass!);
    }

    /// <summary>The names of the classes of <paramref name="commandBase"/>.</summary>
    public IReadOnlyCollection<string> NamesOf(Type commandBase) =>
        _byBase.TryGetValue(commandBase, out var names) ? names.Keys : [];

    /// <summary>Every known class with the stable name <paramref name="name"/>, whatever its base type.</summary>
    public IReadOnlyList<Type> ClassesNamed(string name) => _byName.TryGetValue(name, out var types) ? types : [];

    private void Index(Type type)
    {
        var name = CommandTypeName.Of(type);
        if (!_byName.TryGetValue(name, out var types))
        {
            _byName[name] = types = [];
        }

        if (!types.Contains(type))
        {
            types.Add(type);
        }
    }

    private static void Add(Dictionary<string, Type> names, Type commandBase, Type type)
    {
        var name = CommandTypeName.Of(type);
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new CommandTypeMappingException($"{type.FullName} has an empty command type name; give it a [CommandType(\"...\")] with a name.");
        }

        if (names.TryGetValue(name, out var existing) && existing != type)
        {
            throw new CommandTypeMappingException(
                $"The command type name '{name}' of {commandBase.FullName} is used by both {existing.FullName} (assembly {existing.Assembly.GetName().Name}) " +
                $"and {type.FullName} (assembly {type.Assembly.GetName().Name}); give one of them another [CommandType(\"...\")].");
        }

        names[name] = type;
    }

    /// <summary>The concrete classes a command of <paramref name="commandBase"/> can be.</summary>
    private static IEnumerable<Type> Candidates(Type commandBase, IEnumerable<Assembly> assemblies)
    {
        if (commandBase.IsSealed || commandBase.IsValueType)
        {
            // string, int, a sealed record: the base is the only command class, and scanning everything for it would find nothing more.
            return [commandBase];
        }

        if (commandBase == typeof(object))
        {
            // Anything is an object: only classes that declare themselves commands.
            return AssemblyScan.TypesReferencing(assemblies, typeof(CommandTypeAttribute).Assembly)
                .Where(t => IsConcrete(t) && t.IsDefined(typeof(CommandTypeAttribute), inherit: false));
        }

        return AssemblyScan.TypesReferencing(assemblies, commandBase.Assembly)
            .Where(t => IsConcrete(t) && commandBase.IsAssignableFrom(t))
            .Distinct();
    }

    private static bool IsConcrete(Type type) => !type.IsAbstract && !type.IsInterface && !type.ContainsGenericParameters;
}
