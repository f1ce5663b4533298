using System.Collections.Concurrent;

namespace EventFold.Orleans.Store;

/// <summary>
/// A few dedicated threads that run blocking flushes in parallel, so that neither the Orleans scheduler nor the .NET
/// thread pool ever waits on a disk flush.
/// </summary>
internal sealed class SyncThreads : IDisposable
{
    private readonly BlockingCollection<Action> _work = new();
    private readonly Thread[] _threads;
    private int _disposed;

    public SyncThreads(int count, string name)
    {
        _threads = new Thread[count];
        for (var i = 0; i < count; i++)
        {
            _threads[i] = new Thread(Run) { IsBackground = true, Name = $"{name} {i}" };
            _threads[i].Start();
        }
    }

    /// <summary>Runs <paramref name="work"/> on one of the threads; the task completes (asynchronously) with its result.</summary>
    public Task<T> RunAsync<T>(Func<T> work)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _work.Add(() =>
        {
            try
            {
                done.TrySetResult(work());
            }
            catch (Exception e)
            {
                done.TrySetException(e);
            }
        });
        return done.Task;
    }

    /// <summary>Runs every action (each must catch its own exceptions) and returns when all have finished.</summary>
    public void RunAll(IReadOnlyList<Action> actions)
    {
        if (actions.Count == 1)
        {
            actions[0]();
            return;
        }

        using var done = new CountdownEvent(actions.Count);
        foreach (var action in actions)
        {
            _work.Add(() =>
            {
                try
                {
                    action();
                }
                finally
                {
                    done.Signal();
                }
            });
        }

        done.Wait();
    }

    /// <summary>Lets the queued work finish, then stops the threads; idempotent (the store may be disposed twice).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _work.CompleteAdding();
        foreach (var thread in _threads)
        {
            thread.Join();
        }
    }

    private void Run()
    {
        foreach (var action in _work.GetConsumingEnumerable())
        {
            action();
        }
    }
}
