using System.Collections.Concurrent;

namespace EventFold.Orleans.Tests.GroupCommit;

/// <summary>Records every flush the core makes (through <see cref="DurableFile.Synced"/>) and the kind of thread it ran on.</summary>
public sealed class SyncRecorder : IDisposable
{
    private readonly ConcurrentQueue<(string? Path, bool OnThreadPool)> _syncs = new();

    public SyncRecorder() => DurableFile.Synced += OnSynced;

    public int Count => _syncs.Count;

    /// <summary>Flushes that ran on a .NET thread-pool thread (where grain turns run).</summary>
    public IReadOnlyList<string?> OnThreadPool => [.. _syncs.Where(s => s.OnThreadPool).Select(s => s.Path)];

    /// <summary>The paths of every flush (<see langword="null"/> for a handle flushed without one).</summary>
    public IReadOnlyList<string?> Paths => [.. _syncs.Select(s => s.Path)];

    public void Clear() => _syncs.Clear();

    public void Dispose() => DurableFile.Synced -= OnSynced;

    private void OnSynced(string? path) => _syncs.Enqueue((path, Thread.CurrentThread.IsThreadPoolThread));
}
