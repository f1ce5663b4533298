using System.Diagnostics;

namespace EventFold.Orleans.Tests.Support;

/// <summary>Another process (the util-linux <c>flock</c> tool) holding a lock on a file until disposed. Also compiled into EventFold.Tests.</summary>
internal sealed class ChildLockHolder : IDisposable
{
    private readonly Process _process;
    private bool _disposed;

    private ChildLockHolder(Process process) => _process = process;

    public static bool IsAvailable => !OperatingSystem.IsWindows() && File.Exists("/usr/bin/flock");

    /// <summary>Starts <c>flock -n [-s] file</c> and returns once the child reports that it holds the lock.</summary>
    public static async Task<ChildLockHolder> StartAsync(string path, bool shared = false)
    {
        var start = new ProcessStartInfo("/usr/bin/flock")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // -o: the command does not inherit the locked descriptor, so the lock lives exactly as long as
        // the flock process, and waiting for that process to exit is waiting for the release.
        start.ArgumentList.Add("-n");
        start.ArgumentList.Add("-o");
        if (shared)
        {
            start.ArgumentList.Add("-s");
        }

        start.ArgumentList.Add(path);
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("echo locked; exec sleep 60");
        var process = Process.Start(start)!;
        var holder = new ChildLockHolder(process);
        var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        if (line != "locked")
        {
            holder.Dispose();
            throw new InvalidOperationException($"flock did not take the lock: {await process.StandardError.ReadToEndAsync()}");
        }

        return holder;
    }

    /// <summary>Like <see cref="StartAsync"/>, retrying until <paramref name="within"/> passes (for a lock released just after an event).</summary>
    public static async Task<ChildLockHolder> StartWithinAsync(string path, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            try
            {
                return await StartAsync(path);
            }
            catch (InvalidOperationException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    /// <summary>Runs <c>flock -n [-s] file true</c> and reports whether it could take the lock.</summary>
    public static async Task<bool> CanLockAsync(string path, bool shared = false)
    {
        var start = new ProcessStartInfo("/usr/bin/flock") { UseShellExecute = false };
        start.ArgumentList.Add("-n");
        if (shared)
        {
            start.ArgumentList.Add("-s");
        }

        start.ArgumentList.Add(path);
        start.ArgumentList.Add("true");
        using var process = Process.Start(start)!;
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return process.ExitCode == 0;
    }

    /// <summary>Appends <paramref name="line"/> and an LF to <paramref name="path"/> from another process, under an exclusive flock.</summary>
    public static async Task AppendLockedAsync(string path, string line)
    {
        var start = new ProcessStartInfo("/usr/bin/flock") { UseShellExecute = false };
        foreach (var argument in new[] { "-w", "20", path, "/bin/sh", "-c", "printf '%s\\n' \"$1\" >> \"$2\"", "sh", line, path })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"flock append exited with {process.ExitCode}");
        }
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
        }

        _process.WaitForExit();
        _process.Dispose();
    }
}
