using Microsoft.Extensions.Logging;

namespace EventFold.Cli.DeadLetters;

/// <summary>
/// Keeps the last warning the Orleans client logged instead of printing it: the client retries a rejected connection
/// (another cluster id, a silo port instead of a gateway) until the timeout, and its last error is the reason to show.
/// </summary>
internal sealed class ConnectionErrorLog : ILoggerProvider, ILogger
{
    private volatile string? _last;

    /// <summary>The last warning or error other than a cancellation, with its exception's innermost message when it has one.</summary>
    public string? Last => _last;

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => this;

    /// <inheritdoc />
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    /// <inheritdoc />
    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

    /// <inheritdoc />
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        // The cancellation at the timeout is logged too; the reason is what came before it.
        if (!IsEnabled(logLevel) || exception is OperationCanceledException || exception?.InnerException is OperationCanceledException)
        {
            return;
        }

        var inner = exception;
        while (inner?.InnerException is not null)
        {
            inner = inner.InnerException;
        }

        _last = inner is null ? formatter(state, exception) : $"{inner.GetType().Name}: {inner.Message}";
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
