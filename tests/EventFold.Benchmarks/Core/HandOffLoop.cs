using System.Diagnostics;
using Microsoft.Win32.SafeHandles;

namespace EventFold.Benchmarks.Core;

/// <summary>
/// Row G1h: the floor of any write path that flushes off the caller's thread. The same <c>pwrite</c> +
/// <c>fdatasync</c> of the same bytes runs on one dedicated thread; the caller awaits a task that thread completes
/// (continuations asynchronous), and the thread yields for the next request like the group committer does. No Orleans,
/// no EventFold code.
/// </summary>
public sealed class HandOffLoop : IDisposable
{
    private readonly object _gate = new();
    private readonly Queue<(byte[] Line, TaskCompletionSource Done)> _queue = new();
    private readonly SafeFileHandle _handle;
    private readonly Thread _thread;
    private readonly TimeSpan _spin;
    private long _offset;
    private int _queued;
    private bool _stopping;

    /// <summary>Creates <paramref name="path"/> and starts the thread.</summary>
    public HandOffLoop(string path, TimeSpan spin)
    {
        _spin = spin;
        _handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite);
        RawSyncLoops.Sync(_handle);
        _thread = new Thread(Run) { IsBackground = true, Name = "G1h hand-off" };
        _thread.Start();
    }

    /// <summary>Appends <paramref name="line"/> and completes once it is flushed.</summary>
    public Task WriteAsync(byte[] line)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _queue.Enqueue((line, done));
            Volatile.Write(ref _queued, 1);
            Monitor.Pulse(_gate);
        }

        return done.Task;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            _stopping = true;
            Monitor.Pulse(_gate);
        }

        _thread.Join();
        _handle.Dispose();
    }

    private void Run()
    {
        var lastGap = long.MaxValue;
        var window = (long)(_spin.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            var roundEnd = Stopwatch.GetTimestamp();
            if (lastGap <= window)
            {
                while (Volatile.Read(ref _queued) == 0 && Stopwatch.GetTimestamp() < roundEnd + window)
                {
                    Thread.Yield();
                }
            }

            (byte[] Line, TaskCompletionSource Done) request;
            lock (_gate)
            {
                while (_queue.Count == 0 && !_stopping)
                {
                    Monitor.Wait(_gate);
                }

                if (_queue.Count == 0)
                {
                    return;
                }

                request = _queue.Dequeue();
                Volatile.Write(ref _queued, _queue.Count == 0 ? 0 : 1);
            }

            lastGap = Stopwatch.GetTimestamp() - roundEnd;
            RandomAccess.Write(_handle, request.Line, _offset);
            _offset += request.Line.Length;
            RawSyncLoops.Sync(_handle);
            request.Done.SetResult();
        }
    }
}
