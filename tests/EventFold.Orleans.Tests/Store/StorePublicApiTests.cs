using System.Reflection;
using System.Runtime.CompilerServices;
using EventFold.Orleans.Store;
using Xunit;

namespace EventFold.Orleans.Tests.Store;

/// <summary>Pins the public surface of <c>EventFold.Orleans.Store</c> to <c>Store.PublicApi.txt</c>.</summary>
public sealed class StorePublicApiTests
{
    [Fact]
    public void Public_api_matches_the_checked_in_baseline()
    {
        var baselinePath = Path.Join(Path.GetDirectoryName(SourcePath())!, "Store.PublicApi.txt");
        var actual = string.Join('\n', Describe(typeof(StorePaths).Assembly, typeof(StorePaths).Namespace!)) + "\n";

        if (Environment.GetEnvironmentVariable("EVENTFOLD_UPDATE_API_BASELINE") == "1")
        {
            // A deliberate API change: regenerate the baseline, then review its diff.
            File.WriteAllText(baselinePath, actual);
        }

        Assert.True(File.Exists(baselinePath), $"missing baseline {baselinePath}; current API:\n{actual}");
        Assert.Equal(File.ReadAllText(baselinePath), actual);
    }

    private static IEnumerable<string> Describe(Assembly assembly, string ns)
    {
        const BindingFlags Declared = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (var type in assembly.GetExportedTypes().Where(t => t.Namespace == ns).OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            var kind = type.IsInterface ? "interface" : type.IsEnum ? "enum" : type.IsValueType ? "struct"
                : type.IsAbstract && type.IsSealed ? "static class" : type.IsSealed ? "sealed class" : "class";
            var bases = type.GetInterfaces().Select(i => i.FullName!).Order(StringComparer.Ordinal).Prepend(type.BaseType?.FullName ?? "-");
            yield return $"{kind} {type.FullName} : {string.Join(", ", bases)}";
            var members = type.GetMembers(Declared)
                .Where(m => m is not MethodInfo { IsSpecialName: true })
                .Select(m => $"  {m.MemberType} {m}")
                .Order(StringComparer.Ordinal);
            foreach (var member in members)
            {
                yield return member;
            }
        }
    }

    private static string SourcePath([CallerFilePath] string path = "") => path;
}
