using System.Collections.Concurrent;

namespace EventFold;

/// <summary>
/// A few dedicated threads for blocking file work (flushes, opens, rotations), so that neither an async caller's
/// scheduler nor the .NET thread pool ever waits on the disk.
/// </summary>
public sealed class IoThreads : IDisposable
{
    private readonly BlockingCollection<Action> _work = new();
    private readonly Thread[] _threads;
    private int _disposed;

    /// <summary>Starts <paramref name="count"/> background threads named <paramref name="name"/> and a number.</summary>
    /// <param name="count">How many threads; at least one.</param>
    /// <param name="name">The threads' name, as debuggers and profilers show it.</param>
    public IoThreads(int count, string name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentException.ThrowIfNullOrEmpty(name);
        _threads = new Thread[count];
        for (var i = 0; i < count; i++)
        {
            _threads[i] = new Thread(Run) { IsBackground = true, Name = $"{name} {i}" };
            _threads[i].Start();
        }
    }

    /// <summary>Runs <paramref name="work"/> on one of the threads; the task completes (asynchronously) with its result or exception.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="work">Blocking work.</param>
    /// <returns>Completes with what <paramref name="work"/> returned or threw; continuations never run on these threads.</returns>
    /// <exception cref="InvalidOperationException">The threads were disposed.</exception>
    public Task<T> RunAsync<T>(Func<T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
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

    /// <summary>Runs every action in parallel on the threads (one alone runs on the caller) and returns when all have finished.</summary>
    /// <param name="actions">Blocking work; each must catch its own exceptions.</param>
    public void RunAll(IReadOnlyList<Action> actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
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

    /// <summary>Lets the queued work finish, then stops the threads; idempotent.</summary>
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
