using System.Diagnostics;

namespace EventFold.Orleans.Tests.Support;

/// <summary>Another process holding flock(LOCK_EX) on a file, through the util-linux <c>flock</c> command.</summary>
public sealed class ChildLock : IDisposable
{
    private readonly Process _process;
    private bool _disposed;

    private ChildLock(Process process) => _process = process;

    public static ChildLock Hold(string path)
    {
        var process = Process.Start(new ProcessStartInfo("flock", ["-n", path, "-c", "echo locked; sleep 60"])
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
