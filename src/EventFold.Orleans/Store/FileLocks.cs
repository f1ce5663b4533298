using Microsoft.Win32.SafeHandles;

namespace EventFold.Orleans.Store;

/// <summary>Opening files under the lock that <see cref="FileShare"/> implies, and telling lock conflicts apart.</summary>
/// <remarks>
/// On Unix .NET turns <see cref="FileShare.None"/> into <c>flock(LOCK_EX|LOCK_NB)</c> and any other share mode
/// into <c>flock(LOCK_SH|LOCK_NB)</c>, held for the life of the handle; on Windows share modes are enforced by
/// the OS. flock locks belong to the open file description, so two handles in one process conflict like two
/// processes do. The locks are advisory and are skipped by .NET where the file system does not support them,
/// or when <c>DOTNET_SYSTEM_IO_DISABLEFILELOCKING</c> is set.
/// </remarks>
internal static class FileLocks
{
    private const int WindowsSharingViolation = 32;
    private const int WindowsLockViolation = 33;
    private const int LinuxEWouldBlock = 11;
    private const int BsdEWouldBlock = 35;

    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMilliseconds(50);

    /// <summary>Whether <paramref name="exception"/> reports that another handle holds a conflicting lock.</summary>
    public static bool IsLockConflict(IOException exception)
    {
        if (exception.GetType() != typeof(IOException))
        {
            return false;
        }

        if (OperatingSystem.IsWindows())
        {
            var code = exception.HResult & 0xFFFF;
            return code is WindowsSharingViolation or WindowsLockViolation;
        }

        // On Unix .NET reports the errno of the failed flock as the HResult.
        return exception.HResult == (OperatingSystem.IsLinux() ? LinuxEWouldBlock : BsdEWouldBlock);
    }

    /// <summary>Opens <paramref name="path"/>, or returns null if another handle holds a conflicting lock.</summary>
    public static SafeFileHandle? TryOpen(string path, FileMode mode, FileAccess access, FileShare share)
    {
        try
        {
            return File.OpenHandle(path, mode, access, share);
        }
        catch (IOException e) when (IsLockConflict(e))
        {
            return null;
        }
    }

    /// <summary>Opens <paramref name="path"/>, retrying with a short delay while another handle holds a conflicting lock.</summary>
    /// <exception cref="RegistryLockTimeoutException">The lock was still held after <paramref name="timeout"/>.</exception>
    public static async Task<SafeFileHandle> OpenWithRetryAsync(
        string path, FileMode mode, FileAccess access, FileShare share, TimeSpan timeout, TimeProvider time, CancellationToken ct)
    {
        var started = time.GetTimestamp();
        var delay = TimeSpan.FromMilliseconds(2);
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                return File.OpenHandle(path, mode, access, share);
            }
            catch (IOException e) when (IsLockConflict(e))
            {
                var waited = time.GetElapsedTime(started);
                if (waited >= timeout)
                {
                    throw new RegistryLockTimeoutException(path, waited, e);
                }

                await Task.Delay(delay, time, ct).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
            }
        }
    }
}
