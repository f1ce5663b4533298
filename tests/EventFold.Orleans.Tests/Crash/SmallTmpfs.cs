using System.Diagnostics;
using System.Globalization;

namespace EventFold.Orleans.Tests.Crash;

/// <summary>
/// A small tmpfs that a process without root can fill: a holder process mounts it in its own user and mount namespace
/// (<c>unshare -rm</c>), and everyone else reaches it through <c>/proc/&lt;holder&gt;/root</c>. It vanishes with the holder.
/// </summary>
public sealed class SmallTmpfs : IDisposable
{
    private readonly Process _holder;

    private SmallTmpfs(Process holder, string path)
    {
        _holder = holder;
        Path = path;
    }

    /// <summary>The mounted file system's root, as seen from this process.</summary>
    public string Path { get; }

    /// <summary>Mounts a tmpfs of <paramref name="bytes"/> bytes; <see langword="null"/> with the reason when this machine does not allow it.</summary>
    public static async Task<(SmallTmpfs? Tmpfs, string? Why)> TryMountAsync(long bytes, string mountPoint)
    {
        if (!OperatingSystem.IsLinux() || !File.Exists("/usr/bin/unshare"))
        {
            return (null, "needs Linux and /usr/bin/unshare");
        }

        Directory.CreateDirectory(mountPoint);
        var start = new ProcessStartInfo("/usr/bin/unshare")
        {
            RedirectStandardInput = true, // the holder lives until its stdin closes: also when the test process dies
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-rm", "sh", "-c", "mount -t tmpfs -o size=\"$1\" tmpfs \"$2\" && echo mounted && exec cat >/dev/null", "sh", bytes.ToString(CultureInfo.InvariantCulture), mountPoint })
        {
            start.ArgumentList.Add(arg);
        }

        var holder = Process.Start(start)!;
        var line = await holder.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10));
        if (line != "mounted")
        {
            var error = await holder.StandardError.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(10));
            holder.Kill();
            holder.Dispose();
            return (null, $"unshare -rm could not mount a tmpfs: {error.Trim()}");
        }

        return (new SmallTmpfs(holder, $"/proc/{holder.Id}/root{System.IO.Path.GetFullPath(mountPoint)}"), null);
    }

    /// <summary>Writes a file of <paramref name="bytes"/> zero bytes (space to hand back later).</summary>
    public string Ballast(string name, int bytes)
    {
        var path = System.IO.Path.Combine(Path, name);
        File.WriteAllBytes(path, new byte[bytes]);
        return path;
    }

    public void Dispose()
    {
        try
        {
            _holder.StandardInput.Close();
            if (!_holder.WaitForExit(5000))
            {
                _holder.Kill();
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _holder.Dispose();
    }
}
