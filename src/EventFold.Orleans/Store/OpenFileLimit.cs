using System.Runtime.InteropServices;

namespace EventFold.Orleans.Store;

/// <summary>The process's open-file limit (<c>RLIMIT_NOFILE</c>, what <c>ulimit -n</c> shows) and the errors of reaching it.</summary>
internal static partial class OpenFileLimit
{
    private const int EMFile = 24;
    private const int ENFile = 23;

    /// <summary>The soft limit on open descriptors, or <see langword="null"/> when there is none or it cannot be read (Windows).</summary>
    public static long? Current()
    {
        if (!(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) || GetRLimit(Resource, out var limit) != 0)
        {
            return null;
        }

        return limit.Current >= Infinity ? null : (long)limit.Current;
    }

    /// <summary>Whether <paramref name="error"/> (or an exception it wraps) is EMFILE or ENFILE: no descriptor was left.</summary>
    public static bool IsReached(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            // .NET and the core's native calls both put the errno into an IOException's HResult on Unix.
            if (e is IOException { HResult: EMFile or ENFile } && !OperatingSystem.IsWindows())
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Test hook: sets the soft limit (at most the hard limit); <see langword="false"/> when it cannot.</summary>
    internal static bool SetCurrentForTesting(long soft)
    {
        if (!(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) || GetRLimit(Resource, out var limit) != 0)
        {
            return false;
        }

        limit.Current = (ulong)soft;
        return SetRLimit(Resource, ref limit) == 0;
    }

    private static int Resource => OperatingSystem.IsMacOS() ? 8 : 7;

    private static ulong Infinity => OperatingSystem.IsMacOS() ? long.MaxValue : ulong.MaxValue;

    [LibraryImport("libc", EntryPoint = "getrlimit", SetLastError = true)]
    private static partial int GetRLimit(int resource, out RLimit limit);

    [LibraryImport("libc", EntryPoint = "setrlimit", SetLastError = true)]
    private static partial int SetRLimit(int resource, ref RLimit limit);

    [StructLayout(LayoutKind.Sequential)]
    private struct RLimit
    {
        public ulong Current;
        public ulong Maximum;
    }
}
