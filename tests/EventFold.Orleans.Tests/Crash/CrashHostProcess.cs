using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EventFold.Orleans.Tests.Crash;

/// <summary>One command the crash host acknowledged (ACK) or recognised as already applied (DUP).</summary>
public sealed record HostAck(string Aggregate, string CommandId, int Events, long Version, int Round);

/// <summary>
/// A running <c>EventFold.CrashHost</c> child process (<c>dotnet EventFold.CrashHost.dll ...</c>): collects its ACK/DUP/ERR
/// lines, keeps the tail of its stderr, and is killed with SIGKILL (the whole tree) by <see cref="KillAsync"/> or on dispose.
/// </summary>
public sealed class CrashHostProcess : IAsyncDisposable
{
    private const string DllName = "EventFold.CrashHost.dll";
    private const int TailLines = 40;

    private readonly Process _process;
    private readonly int _round;
    private readonly Lock _sync = new();
    private readonly List<HostAck> _acks = [];
    private readonly List<HostAck> _dups = [];
    private readonly List<string> _errors = [];
    private readonly List<string> _replies = [];
    private readonly Queue<string> _stderrTail = new();
    private readonly Queue<string> _stdoutTail = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _firstAck = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _stdoutPump;
    private readonly Task _stderrPump;
    private string? _tornStdout;

    private CrashHostProcess(Process process, int round, int siloPort, int gatewayPort)
    {
        _process = process;
        _round = round;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
        _stdoutPump = Task.Run(PumpStdoutAsync);
        _stderrPump = Task.Run(PumpStderrAsync);
    }

    public int SiloPort { get; }

    public int GatewayPort { get; }

    public int ProcessId => _process.Id;

    /// <summary>Starts the host on two free localhost ports, its store configured by <paramref name="scenario"/> (and <paramref name="environment"/>, if given).</summary>
    public static CrashHostProcess Start(
        CrashScenario scenario, string baseDirectory, int round, int aggregates, int concurrency, int seed, string? resendFile,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var dll = LocateHostDll();
        var (siloPort, gatewayPort) = (FreePort(), FreePort());
        while (gatewayPort == siloPort)
        {
            gatewayPort = FreePort();
        }

        var start = new ProcessStartInfo(DotnetPath())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true, // kept open: the host exits when it closes (the test process died)
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.Environment["EVENTFOLD_CRASHHOST_EXIT_ON_STDIN_EOF"] = "1";
        scenario.Apply(start);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        start.ArgumentList.Add(dll);
        foreach (var arg in new object[] { baseDirectory, siloPort, gatewayPort, aggregates, concurrency, seed })
        {
            start.ArgumentList.Add(Convert.ToString(arg, CultureInfo.InvariantCulture)!);
        }

        if (resendFile is not null)
        {
            start.ArgumentList.Add(resendFile);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName} {dll}");
        return new CrashHostProcess(process, round, siloPort, gatewayPort);
    }

    /// <summary>The host's dll: next to the test assembly, or in the CrashHost project's output for the same configuration and TFM.</summary>
    public static string LocateHostDll()
    {
        var testDirectory = new DirectoryInfo(AppContext.BaseDirectory);
        var tfm = testDirectory.Name;
        var configuration = testDirectory.Parent?.Name ?? "Debug";
        var candidates = new List<string> { Path.Combine(testDirectory.FullName, DllName) };

        // tests/EventFold.Orleans.Tests/bin/<configuration>/<tfm>/ -> tests/EventFold.CrashHost/bin/<configuration>/<tfm>/
        for (var dir = testDirectory.Parent; dir is not null; dir = dir.Parent)
        {
            candidates.Add(Path.Combine(dir.FullName, "EventFold.CrashHost", "bin", configuration, tfm, DllName));
            candidates.Add(Path.Combine(dir.FullName, "tests", "EventFold.CrashHost", "bin", configuration, tfm, DllName));
        }

        return candidates.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException(
                $"{DllName} was not found; build tests/EventFold.CrashHost (the test project references it, so " +
                $"`dotnet build tests/EventFold.Orleans.Tests` should). Looked in:{Environment.NewLine}  " +
                string.Join(Environment.NewLine + "  ", candidates.Take(8)));
    }

    /// <summary>The dotnet muxer running this test (the SDK sets DOTNET_HOST_PATH), else <c>dotnet</c> from PATH.</summary>
    public static string DotnetPath()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
        {
            return host;
        }

        if (Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            return self;
        }

        return "dotnet";
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public IReadOnlyList<HostAck> Acks
    {
        get
        {
            lock (_sync)
            {
                return [.. _acks];
            }
        }
    }

    public IReadOnlyList<HostAck> Duplicates
    {
        get
        {
            lock (_sync)
            {
                return [.. _dups];
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

    /// <summary>The host's answers to stdin requests (STOPPED, PROJECTION ...), in order.</summary>
    public IReadOnlyList<string> Replies
    {
        get
        {
            lock (_sync)
            {
                return [.. _replies];
            }
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Sends one request line to the host's stdin (see tests/EventFold.CrashHost/Program.cs for the requests).</summary>
    public async Task SendAsync(string request)
    {
        await _process.StandardInput.WriteLineAsync(request);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Sends <paramref name="request"/> and waits for the next reply that starts with <paramref name="replyPrefix"/>; fails on an ERR line meanwhile.</summary>
    public async Task<string> RequestAsync(string request, string replyPrefix, TimeSpan timeout)
    {
        var (repliesBefore, errorsBefore) = (Replies.Count, Errors.Count);
        await SendAsync(request);
        string? reply = null;
        await WaitUntilAsync(
            h => (reply = h.Replies.Skip(repliesBefore).FirstOrDefault(r => r.StartsWith(replyPrefix, StringComparison.Ordinal))) is not null || h.Errors.Count > errorsBefore,
            timeout);
        return reply ?? throw new TimeoutException(
            $"The crash host did not answer \"{request}\" with {replyPrefix} within {timeout.TotalSeconds:0} s.{Environment.NewLine}{Diagnostics()}");
    }

    /// <summary>Whether the host's stderr says one of its ports was taken meanwhile (the only start failure worth a retry); ask after <see cref="KillAsync"/>.</summary>
    public bool FailedOnPortInUse
    {
        get
        {
            lock (_sync)
            {
                return _stderrTail.Any(l => l.Contains("Address already in use", StringComparison.OrdinalIgnoreCase));
            }
        }
    }

    public Task WaitReadyAsync(TimeSpan timeout) => WaitAsync(_ready.Task, timeout, "READY");

    /// <summary>Waits for the first ACK (or the first ERR, which fails the round anyway).</summary>
    public Task WaitFirstAckAsync(TimeSpan timeout) => WaitAsync(_firstAck.Task, timeout, "the first ACK");

    /// <summary>Polls <paramref name="condition"/> (over the collected lines) until it holds; false on timeout or exit.</summary>
    public async Task<bool> WaitUntilAsync(Func<CrashHostProcess, bool> condition, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (condition(this))
            {
                return true;
            }

            if (_process.HasExited)
            {
                break;
            }

            await Task.Delay(20);
        }

        return condition(this);
    }

    /// <summary>SIGKILL (on Linux <see cref="Process.Kill(bool)"/> sends SIGKILL) to the whole tree, then waits for the exit and the end of its output.</summary>
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
            // Exited in between.
        }

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await _process.WaitForExitAsync(cts.Token);
        await Task.WhenAll(_stdoutPump, _stderrPump).WaitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>Exit code, last stdout lines, torn stdout tail and the stderr tail: for failure messages.</summary>
    public string Diagnostics()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"--- crash host round {_round}, pid {_process.Id}, ports {SiloPort}/{GatewayPort}, " +
            $"exit {(_process.HasExited ? _process.ExitCode.ToString(CultureInfo.InvariantCulture) : "still running")}");
        lock (_sync)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"--- stdout: {_acks.Count} ACK, {_dups.Count} DUP, {_errors.Count} ERR; last lines:");
            foreach (var line in _stdoutTail)
            {
                text.AppendLine("  " + line);
            }

            if (_tornStdout is not null)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  (torn last stdout segment, ignored: \"{_tornStdout}\")");
            }

            text.AppendLine("--- stderr tail:");
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
            await KillAsync();
        }
        catch (Exception)
        {
            // Best effort: never let cleanup hide the test's own failure.
        }

        _process.Dispose();
    }

    private async Task WaitAsync(Task task, TimeSpan timeout, string what)
    {
        try
        {
            await task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The crash host did not print {what} within {timeout.TotalSeconds:0} s.{Environment.NewLine}{Diagnostics()}");
        }
    }

    // Only LF-terminated lines count: a line cut by the kill is reported, never parsed.
    private async Task PumpStdoutAsync()
    {
        var reader = _process.StandardOutput;
        var pending = new StringBuilder();
        var buffer = new char[8192];
        try
        {
            int read;
            while ((read = await reader.ReadAsync(buffer.AsMemory())) > 0)
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
            if (pending.Length > 0)
            {
                lock (_sync)
                {
                    _tornStdout = pending.ToString();
                }
            }

            var exited = new InvalidOperationException($"The crash host's stdout ended.{Environment.NewLine}{Diagnostics()}");
            _ready.TrySetException(exited);
            _firstAck.TrySetException(exited);
        }
    }

    private async Task PumpStderrAsync()
    {
        while (await _process.StandardError.ReadLineAsync() is { } line)
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
        lock (_sync)
        {
            Enqueue(_stdoutTail, line);
            var parts = line.Split(' ');
            switch (parts[0])
            {
                case "READY":
                    _ready.TrySetResult();
                    break;
                case "ACK" or "DUP" when parts.Length == 5
                    && int.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var events)
                    && long.TryParse(parts[4], NumberStyles.None, CultureInfo.InvariantCulture, out var version):
                    var ack = new HostAck(parts[1], parts[2], events, version, _round);
                    (parts[0] == "ACK" ? _acks : _dups).Add(ack);
                    if (parts[0] == "ACK")
                    {
                        _firstAck.TrySetResult();
                    }

                    break;
                case "ACK" or "DUP":
                    _errors.Add($"malformed line: {line}");
                    break;
                case "STOPPED" or "PROJECTION":
                    _replies.Add(line);
                    break;
                case "ERR":
                    _errors.Add(line);
                    _firstAck.TrySetResult(); // no point waiting for an ACK that may never come: the test reports the error
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
