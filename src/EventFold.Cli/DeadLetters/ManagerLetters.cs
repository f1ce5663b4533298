using EventFold.Cli.Store;
using EventFold.Orleans.ProcessManagers;

namespace EventFold.Cli.DeadLetters;

/// <summary>The dead letters of one process manager, as its file holds them.</summary>
/// <param name="Name">The manager's name (its folder).</param>
/// <param name="Contents">The parsed file.</param>
internal sealed record ManagerLetters(string Name, DeadLetterFileContents Contents)
{
    /// <summary>Reads the letters of every process manager of <paramref name="store"/> (or only <paramref name="manager"/>) without taking a lock.</summary>
    /// <exception cref="CliException"><paramref name="manager"/> names no process manager of the store.</exception>
    public static IReadOnlyList<ManagerLetters> Load(StoreLocation store, string? manager)
    {
        var root = store.ProcessManagersDirectory;
        var names = Directory.Exists(root)
            ? Directory.EnumerateDirectories(root).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList()
            : [];
        if (manager is not null)
        {
            if (!names.Contains(manager, StringComparer.Ordinal))
            {
                throw new CliException(names.Count == 0
                    ? $"the store has no process managers (no folder under {root}), so none named \"{manager}\""
                    : $"no process manager \"{manager}\" in {root}; the store has: {string.Join(", ", names)}");
            }

            names = [manager];
        }

        return [.. names.Select(n => new ManagerLetters(n, DeadLetterFile.Read(Path.Combine(root, n))))];
    }
}
