using EventFold.Orleans.Bus;

namespace EventFold.Orleans.Tests.ProcessManagers;

/// <summary>A bus middleware that counts the dispatches to one aggregate type running at once, and the most ever.</summary>
public sealed class ConcurrencyProbe(string aggregateType) : ICommandMiddleware
{
    private int _current;
    private int _max;
    private long _total;

    public int Max => Volatile.Read(ref _max);

    public long Total => Interlocked.Read(ref _total);

    public async Task<CommandOutcome> InvokeAsync(CommandEnvelope envelope, CommandDispatch next, CancellationToken cancellationToken)
    {
        if (envelope.AggregateType != aggregateType)
        {
            return await next(envelope, cancellationToken);
        }

        var now = Interlocked.Increment(ref _current);
        for (var max = Volatile.Read(ref _max); now > max; max = Volatile.Read(ref _max))
        {
            Interlocked.CompareExchange(ref _max, now, max);
        }

        try
        {
            return await next(envelope, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _current);
            Interlocked.Increment(ref _total);
        }
    }
}

/// <summary>A bus middleware that makes sends to some gates fail with a transient error: the first <c>failures</c> sends of each command, or all.</summary>
public sealed class FlakyGates(string flakyGate, int failures, string downGate) : ICommandMiddleware
{
    private readonly Dictionary<string, int> _attempts = [];

    public IReadOnlyDictionary<string, int> Attempts
    {
        get
        {
            lock (_attempts)
            {
                return new Dictionary<string, int>(_attempts);
            }
        }
    }

    public Task<CommandOutcome> InvokeAsync(CommandEnvelope envelope, CommandDispatch next, CancellationToken cancellationToken)
    {
        if (envelope.AggregateType != "saga-gate" || (envelope.AggregateId != flakyGate && envelope.AggregateId != downGate))
        {
            return next(envelope, cancellationToken);
        }

        int attempt;
        lock (_attempts)
        {
            var key = envelope.Context.CommandId ?? "";
            _attempts[key] = attempt = _attempts.GetValueOrDefault(key) + 1;
        }

        return envelope.AggregateId == downGate || attempt <= failures
            ? throw new TimeoutException($"{envelope.AggregateId} is unreachable (attempt {attempt})")
            : next(envelope, cancellationToken);
    }
}
