using System.Reflection;

namespace EventFold.Orleans.Hosting;

/// <summary>Finds the types the runtime looks for (event classes, command classes) in the loaded assemblies.</summary>
internal static class AssemblyScan
{
    /// <summary>
    /// The loadable types of the assemblies that are <paramref name="anchor"/> or reference it: only those can define a type
    /// deriving from or marked with one of its types, so the rest (the framework, most packages) is never loaded.
    /// </summary>
    /// <param name="assemblies">The assemblies to search.</param>
    /// <param name="anchor">The assembly that declares the base type or attribute looked for.</param>
    public static IEnumerable<Type> TypesReferencing(IEnumerable<Assembly> assemblies, Assembly anchor) =>
        assemblies.Where(a => References(a, anchor)).SelectMany(LoadableTypes);

    private static bool References(Assembly assembly, Assembly anchor)
    {
        if (assembly == anchor)
        {
            return true;
        }

        var name = anchor.GetName().Name;
        return assembly.GetReferencedAssemblies().Any(r => string.Equals(r.Name, name, StringComparison.Ordinal));
    }

    /// <summary>An assembly whose types partly fail to load (a missing optional dependency) still yields the rest.</summary>
    public static IEnumerable<Type> LoadableTypes(Assembly assembly)
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
