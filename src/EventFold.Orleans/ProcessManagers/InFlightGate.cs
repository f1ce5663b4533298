namespace EventFold.Orleans.ProcessManagers;

/// <summary>
/// Bounds the commands one process manager has in flight: entering waits for a free slot, and <see cref="WhenEmptyAsync"/>
/// waits until none is left. Used on the grain's own scheduler only, so the counters need no locks.
/// </summary>
internal sealed class InFlightGate(int capacity)
{
    private readonly SemaphoreSlim _slots = new(Math.Max(1, capacity), Math.Max(1, capacity));
    private TaskCompletionSource? _empty;

    /// <summary>Dispatches in flight now.</summary>
    public int Count { get; private set; }

    /// <summary>The most dispatches in flight at once so far.</summary>
    public int MaxSeen { get; private set; }

    /// <summary>Takes a slot, waiting while all are taken.</summary>
    public async Task EnterAsync(CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken);
        Count++;
        MaxSeen = Math.Max(MaxSeen, Count);
    }

    /// <summary>Gives a slot back.</summary>
    public void Exit()
    {
        Count--;
        _slots.Release();
        if (Count == 0 && _empty is { } empty)
        {
            _empty = null;
            empty.TrySetResult();
        }
    }

    /// <summary>Completes once nothing is in flight.</summary>
    public Task WhenEmptyAsync(CancellationToken cancellationToken)
    {
        if (Count == 0)
        {
            return Task.CompletedTask;
        }

        _empty ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return _empty.Task.WaitAsync(cancellationToken);
    }
}
