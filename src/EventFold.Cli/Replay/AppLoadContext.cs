using System.Reflection;
using System.Runtime.Loader;

namespace EventFold.Cli.Replay;

/// <summary>
/// Loads an app's assembly with its own dependencies (resolved from its <c>.deps.json</c> and folder), sharing the
/// tool's EventFold, Orleans and framework assemblies so the app's aggregate derives from the same base types.
/// </summary>
internal sealed class AppLoadContext(string appPath) : AssemblyLoadContext("eventfold-replay")
{
    private readonly AssemblyDependencyResolver _resolver = new(appPath);

    /// <summary>Loads the app assembly at <paramref name="path"/>.</summary>
    /// <exception cref="CliException">The file is missing or not a .NET assembly.</exception>
    public static Assembly LoadApp(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new CliException($"the app assembly \"{full}\" does not exist (pass the built app's .dll, e.g. bin/Release/net10.0/MyApp.dll)");
        }

        // Already loaded by the host (when the tool runs in-process): one copy, or its grain classes would exist twice.
        if (Default.Assemblies.FirstOrDefault(a => !a.IsDynamic && string.Equals(a.Location, full, StringComparison.Ordinal)) is { } loaded)
        {
            return loaded;
        }

        try
        {
            return new AppLoadContext(full).LoadFromAssemblyPath(full);
        }
        catch (BadImageFormatException e)
        {
            throw new CliException($"\"{full}\" is not a .NET assembly: {e.Message}");
        }
    }

    /// <inheritdoc />
    protected override Assembly? Load(AssemblyName assemblyName)
    {
        try
        {
            return Default.LoadFromAssemblyName(assemblyName);
        }
        catch (FileNotFoundException)
        {
            // Not one of the tool's: the app's own dependency.
        }

        var path = _resolver.ResolveAssemblyToPath(assemblyName);
        return path is null ? null : LoadFromAssemblyPath(path);
    }

    /// <inheritdoc />
    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        var path = _resolver.ResolveUnmanagedDllToPath(unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }
}
