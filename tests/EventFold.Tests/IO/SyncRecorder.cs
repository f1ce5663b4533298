using System.Collections.Concurrent;

namespace EventFold.Tests.IO;

/// <summary>Records the flushes and directory fsyncs of paths under one directory (tests run in parallel, so others are ignored).</summary>
internal sealed class SyncRecorder : IDisposable
{
    private readonly string _under;
    private readonly ConcurrentQueue<string> _paths = new();

    public SyncRecorder(string under)
    {
        _under = Path.GetFullPath(under);
        DurableFile.Synced += OnSynced;
    }

    public IReadOnlyList<string> Paths => [.. _paths];

    public int Count(string path) => _paths.Count(p => p == Path.GetFullPath(path));

    public void Clear() => _paths.Clear();

    public void Dispose() => DurableFile.Synced -= OnSynced;

    private void OnSynced(string? path)
    {
        if (path is not null && Path.GetFullPath(path).StartsWith(_under, StringComparison.Ordinal))
        {
            _paths.Enqueue(Path.GetFullPath(path));
        }
    }
}
