namespace EventFold.Benchmarks.Harness;

/// <summary>A scratch directory on the real disk (never tmpfs), deleted on dispose.</summary>
public sealed class TempDir : IDisposable
{
    private static readonly string Root = PickRoot();

    public TempDir(string label)
    {
        Path = System.IO.Path.Combine(Root, $"eventfold-bench-{label}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>A fresh, not yet existing sub-path.</summary>
    public string Sub(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a file may still be held open by a lingering handle.
        }
    }

    private static string PickRoot()
    {
        var root = Environment.GetEnvironmentVariable("EVENTFOLD_BENCH_DIR") ?? System.IO.Path.GetTempPath();
        if (root.StartsWith("/dev/shm", StringComparison.Ordinal) || root.StartsWith("/run", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"'{root}' is a memory file system; set EVENTFOLD_BENCH_DIR to a directory on disk.");
        }

        return root;
    }
}
