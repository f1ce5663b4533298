using System.Diagnostics;

namespace EventFold.Orleans.Tests.Support;

/// <summary>Another process holding flock(LOCK_EX) on a file, through the util-linux <c>flock</c> command (<c>-o</c>: only flock itself holds it, so killing it frees the lock at once).</summary>
public sealed class ChildLock : IDisposable
{
    private readonly Process _process;
    private bool _disposed;

    private ChildLock(Process process) => _process = process;

    /// <summary>Takes the lock, retrying until <paramref name="within"/> passes (for locks released just after an event).</summary>
    public static async Task<ChildLock> HoldWithinAsync(string path, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            try
            {
                return Hold(path);
            }
            catch (InvalidOperationException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    public static ChildLock Hold(string path)
    {
        var process = Process.Start(new ProcessStartInfo("flock", ["-n", "-o", path, "-c", "echo locked; sleep 60"])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("could not start flock");
        var line = process.StandardOutput.ReadLine();
        if (line != "locked")
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"flock did not take the lock on {path}");
        }

        return new ChildLock(process);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }
}
