using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace EventFold;

/// <summary>
/// The one file-lock mechanism of EventFold: opens a file and takes a non-blocking shared or exclusive lock on it,
/// held until the handle is disposed (or the process exits, even by a crash).
/// </summary>
/// <remarks>
/// <para>On Linux and macOS this is <c>flock(LOCK_SH|LOCK_NB)</c> / <c>flock(LOCK_EX|LOCK_NB)</c> on a descriptor opened with
/// <c>open(2)</c>: the lock the Rust eventfold crate's writer takes on <c>app.jsonl</c>, the lock the util-linux
/// <c>flock</c> tool takes, and the lock .NET itself takes for <see cref="FileShare"/> (<see cref="FileShare.None"/>
/// exclusive, anything else shared), so all of them exclude each other. flock locks belong to the open file description:
/// two handles in one process conflict like two processes do. They are advisory (only lock takers are kept out) and
/// network file systems may not honour them.</para>
/// <para>On Windows share modes stand in for the lock: the file is opened sharing only read and delete, so a holder with
/// write access (every exclusive one) and any other holder exclude each other while plain readers still get in.
/// An exclusive lock therefore needs <see cref="FileAccess.Write"/> there.</para>
/// <para><c>bestEffort</c> chooses what happens when no lock can be taken for another reason than a conflict: with
/// <see langword="false"/> (the log writer, <see cref="LockMode.Flock"/>) an <see cref="EventFoldException"/> is thrown;
/// with <see langword="true"/> (the Orleans store's own files) the file stays open unlocked, like .NET's own share-mode
/// locks, which are also skipped entirely when <c>DOTNET_SYSTEM_IO_DISABLEFILELOCKING</c> (or the AppContext switch
/// <c>System.IO.DisableFileLocking</c>) is set. The log writer never reads that switch: its opt-out is
/// <see cref="LockMode.None"/>.</para>
/// </remarks>
public static class FileLock
{
    private const int WindowsSharingViolation = 32;
    private const int WindowsLockViolation = 33;

    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Opens <paramref name="path"/> (creating it if missing) and takes a non-blocking <paramref name="kind"/> lock on it.
    /// </summary>
    /// <param name="path">The file to lock.</param>
    /// <param name="access">The access the handle needs (an exclusive lock on Windows needs write access).</param>
    /// <param name="kind">Shared or exclusive.</param>
    /// <param name="bestEffort">Leave the file unlocked, instead of failing, where locks are unsupported or turned off (see remarks).</param>
    /// <returns>The open handle holding the lock; dispose it to release.</returns>
    /// <exception cref="IOException">Another handle holds a conflicting lock (<see cref="IsLockConflict"/> is true for it), or the open failed.</exception>
    /// <exception cref="EventFoldException">Without <paramref name="bestEffort"/>: the file system refused the lock.</exception>
    public static SafeFileHandle Open(string path, FileAccess access, FileLockKind kind, bool bestEffort)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (OperatingSystem.IsWindows())
        {
            return File.OpenHandle(path, FileMode.OpenOrCreate, access, FileShare.Read | FileShare.Delete);
        }

        SafeFileHandle handle = access == FileAccess.Read && File.Exists(path)
            ? OpenReadOnly(path)
            : UnixNative.OpenOrCreateReadWrite(path);
        if (bestEffort && IsLockingTurnedOffForDotnet())
        {
            return handle;
        }

        int operation = (kind == FileLockKind.Exclusive ? UnixNative.LockEx : UnixNative.LockSh) | UnixNative.LockNb;
        while (UnixNative.Flock(handle, operation) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno == UnixNative.EIntr)
            {
                continue;
            }

            if (bestEffort && errno != UnixNative.EWouldBlock)
            {
                // Like .NET: a file system without locks (ENOTSUP, ENOLCK...) leaves the file usable, unlocked.
                return handle;
            }

            handle.Dispose();
            var error = new IOException($"flock: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}): '{path}'", errno);
            throw errno == UnixNative.EWouldBlock ? error : (Exception)new EventFoldException($"cannot lock '{path}'", error);
        }

        return handle;
    }

    /// <summary>
    /// Like <see cref="Open"/>, retrying with a short, growing delay while another handle holds a conflicting lock.
    /// </summary>
    /// <param name="path">The file to lock.</param>
    /// <param name="access">The access the handle needs.</param>
    /// <param name="kind">Shared or exclusive.</param>
    /// <param name="bestEffort">See <see cref="Open"/>.</param>
    /// <param name="timeout">How long to keep retrying.</param>
    /// <param name="time">The clock the delays and the timeout are measured with.</param>
    /// <param name="timedOut">Makes the exception thrown when the lock is still held after <paramref name="timeout"/>, from the time waited and the last conflict.</param>
    /// <param name="ct">Stops the waiting.</param>
    /// <returns>The open handle holding the lock.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled while waiting.</exception>
    public static async Task<SafeFileHandle> OpenWithRetryAsync(
        string path,
        FileAccess access,
        FileLockKind kind,
        bool bestEffort,
        TimeSpan timeout,
        TimeProvider time,
        Func<TimeSpan, IOException, Exception> timedOut,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(timedOut);
        long started = time.GetTimestamp();
        var delay = TimeSpan.FromMilliseconds(2);
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                return Open(path, access, kind, bestEffort);
            }
            catch (IOException e) when (IsLockConflict(e))
            {
                TimeSpan waited = time.GetElapsedTime(started);
                if (waited >= timeout)
                {
                    throw timedOut(waited, e);
                }

                await Task.Delay(delay, time, ct).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
            }
        }
    }

    /// <summary>
    /// Whether <paramref name="exception"/> reports that another handle holds a conflicting lock: thrown by
    /// <see cref="Open"/>, or by a .NET open whose <see cref="FileShare"/> lock conflicts.
    /// </summary>
    /// <param name="exception">The exception to classify.</param>
    /// <returns><see langword="true"/> for a lock conflict; <see langword="false"/> for any other failure.</returns>
    public static bool IsLockConflict(IOException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception.GetType() != typeof(IOException))
        {
            return false;
        }

        if (OperatingSystem.IsWindows())
        {
            int code = exception.HResult & 0xFFFF;
            return code is WindowsSharingViolation or WindowsLockViolation;
        }

        // Both Open and .NET report the errno of the failed flock as the HResult.
        return exception.HResult == UnixNative.EWouldBlock;
    }

    // A read-only descriptor (no O_CREAT), for shared locks on files that exist.
    private static SafeFileHandle OpenReadOnly(string path)
    {
        int fd = UnixNative.Open(path, UnixNative.ORdOnly | UnixNative.OCloExec);
        if (fd < 0)
        {
            throw UnixNative.ErrorFor(Marshal.GetLastPInvokeError(), path);
        }

        return new SafeFileHandle(fd, ownsHandle: true);
    }

    // .NET's own switch for skipping its share-mode locks; honoured only by best-effort locks, which replaced them.
    private static bool IsLockingTurnedOffForDotnet()
    {
        if (AppContext.TryGetSwitch("System.IO.DisableFileLocking", out bool disabled))
        {
            return disabled;
        }

        string? value = Environment.GetEnvironmentVariable("DOTNET_SYSTEM_IO_DISABLEFILELOCKING");
        return value is not null && (value == "1" || value.Equals("true", StringComparison.OrdinalIgnoreCase));
    }
}
