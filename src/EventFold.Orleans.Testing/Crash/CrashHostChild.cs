using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EventFold.Orleans.Testing;

/// <summary>One line the host reported about a command: ACK, DUP or REJ (with the rejection code).</summary>
internal sealed record CrashReport(string Kind, string AggregateType, string AggregateId, string CommandId, int Events, long Version, string? Code, int Run);

/// <summary>A running crash host: collects its lines, keeps the tail of its output, is killed with SIGKILL (the whole tree).</summary>
internal sealed class CrashHostChild : IAsyncDisposable
{
    private const int TailLines = 30;

    private readonly Process _process;
    private readonly int _run;
    private readonly Lock _sync = new();
    private readonly List<CrashReport> _reports = [];
    private readonly List<string> _errors = [];
    private readonly Queue<string> _stdoutTail = new();
    private readonly Queue<string> _stderrTail = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _firstAck = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _pumps;

    private CrashHostChild(Process process, int run)
    {
        _process = process;
        _run = run;
        _pumps = Task.WhenAll(Task.Run(PumpStdoutAsync), Task.Run(PumpStderrAsync));
    }

    public IReadOnlyList<CrashReport> Reports
    {
        get
        {
            lock (_sync)
            {
                return [.. _reports];
            }
        }
    }

    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (_sync)
            {
                return [.. _errors];
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public static CrashHostChild Start(CrashTestOptions options, string directory, int run, int seed, string? resendFile)
    {
        var dll = options.Host.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);
        var start = new ProcessStartInfo(dll ? DotnetPath() : options.Host)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true, // kept open: the host exits when it closes (this process died)
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        if (dll)
        {
            start.ArgumentList.Add(options.Host);
        }

        var (siloPort, gatewayPort) = (FreePort(), FreePort());
        while (gatewayPort == siloPort)
        {
            gatewayPort = FreePort();
        }

        foreach (var arg in new object[] { directory, siloPort, gatewayPort, options.Aggregates, options.Concurrency, seed })
        {
            start.ArgumentList.Add(Convert.ToString(arg, CultureInfo.InvariantCulture)!);
        }

        if (resendFile is not null)
        {
            start.ArgumentList.Add(resendFile);
        }

        foreach (var (name, value) in options.Environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start the crash host {options.Host}.");
        return new CrashHostChild(process, run);
    }

    public Task WaitReadyAsync(TimeSpan timeout) => WaitAsync(_ready.Task, timeout, CrashProtocol.Ready);

    public Task WaitFirstAckAsync(TimeSpan timeout) => WaitAsync(_firstAck.Task, timeout, "its first ACK");

    /// <summary>Polls <paramref name="condition"/> until it holds; false on timeout or exit.</summary>
    public async Task<bool> WaitUntilAsync(Func<CrashHostChild, bool> condition, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout && !_process.HasExited)
        {
            if (condition(this))
            {
                return true;
            }

            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }

        return condition(this);
    }

    /// <summary>SIGKILL to the whole tree (what <see cref="Process.Kill(bool)"/> sends on Unix), then waits for the exit and the end of its output.</summary>
    public async Task KillAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited in between.
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        await _pumps.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
    }

    public string Diagnostics()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"--- crash host run {_run}, pid {_process.Id}, exit {(_process.HasExited ? _process.ExitCode.ToString(CultureInfo.InvariantCulture) : "still running")}");
        lock (_sync)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"--- stdout ({_reports.Count} reports, {_errors.Count} errors), last lines:");
            foreach (var line in _stdoutTail)
            {
                text.AppendLine("  " + line);
            }

            text.AppendLine("--- stderr, last lines:");
            foreach (var line in _stderrTail)
            {
                text.AppendLine("  " + line);
            }
        }

        return text.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await KillAsync().ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Best effort: cleanup must not hide the test's own failure.
        }

        _process.Dispose();
    }

    private static string DotnetPath() =>
        System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host
        : System.Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self
        : "dotnet";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task WaitAsync(Task task, TimeSpan timeout, string what)
    {
        try
        {
            await task.WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The crash host did not print {what} within {timeout.TotalSeconds:0} s.{System.Environment.NewLine}{Diagnostics()}");
        }
    }

    // Only LF-terminated lines count: a line cut by the kill is never parsed.
    private async Task PumpStdoutAsync()
    {
        var pending = new StringBuilder();
        var buffer = new char[8192];
        try
        {
            int read;
            while ((read = await _process.StandardOutput.ReadAsync(buffer.AsMemory()).ConfigureAwait(false)) > 0)
            {
                var start = 0;
                for (var i = 0; i < read; i++)
                {
                    if (buffer[i] == '\n')
                    {
                        pending.Append(buffer, start, i - start);
                        OnLine(pending.ToString());
                        pending.Clear();
                        start = i + 1;
                    }
                }

                pending.Append(buffer, start, read - start);
            }
        }
        finally
        {
            var ended = new InvalidOperationException($"The crash host's output ended.{System.Environment.NewLine}{Diagnostics()}");
            _ready.TrySetException(ended);
            _firstAck.TrySetException(ended);
        }
    }

    private async Task PumpStderrAsync()
    {
        while (await _process.StandardError.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            lock (_sync)
            {
                Enqueue(_stderrTail, line);
            }
        }
    }

    private void OnLine(string line)
    {
        line = line.TrimEnd('\r');
        var parts = line.Split(' ', 6);
        lock (_sync)
        {
            Enqueue(_stdoutTail, line);
            switch (parts)
            {
                case [CrashProtocol.Ready]:
                    _ready.TrySetResult();
                    break;
                case ["ACK" or "DUP", var type, var id, var commandId, var events, var version]:
                    _reports.Add(new CrashReport(parts[0], type, id, commandId, int.Parse(events, CultureInfo.InvariantCulture), long.Parse(version, CultureInfo.InvariantCulture), null, _run));
                    if (parts[0] == "ACK")
                    {
                        _firstAck.TrySetResult();
                    }

                    break;
                case ["REJ", var type, var id, var commandId, .. var code]:
                    _reports.Add(new CrashReport("REJ", type, id, commandId, 0, -1, string.Join(' ', code), _run));
                    _firstAck.TrySetResult();
                    break;
                case ["ERR", ..]:
                    _errors.Add(line);
                    _firstAck.TrySetResult();
                    break;
                default:
                    // Anything else the app prints is kept in the tail only.
                    break;
            }
        }
    }

    private static void Enqueue(Queue<string> tail, string line)
    {
        tail.Enqueue(line);
        while (tail.Count > TailLines)
        {
            tail.Dequeue();
        }
    }
}
