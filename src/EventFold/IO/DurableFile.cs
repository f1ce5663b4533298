using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace EventFold;

/// <summary>
/// Durable flushes, atomic file replaces and lock-free read opens, per platform: the primitives the log is built on,
/// for hosts that keep files of their own next to it (registries, checkpoints). Directories: <see cref="DirectorySync"/>.
/// </summary>
public static class DurableFile
{
    /// <summary>
    /// Test hook: raised after every successful flush and directory fsync with the path (<see langword="null"/> for a
    /// handle flushed without one), so tests count syncs instead of trusting that nothing threw.
    /// </summary>
    internal static event Action<string?>? Synced;

    /// <summary>
    /// Forces written data to stable storage: <c>fdatasync</c> on Linux, <c>fsync</c> on other Unix systems,
    /// <c>FlushFileBuffers</c> on Windows. Retries on EINTR.
    /// </summary>
    /// <param name="handle">The file.</param>
    /// <param name="path">The file's path, reported to EventFold's own sync diagnostics only.</param>
    /// <exception cref="IOException">The flush failed (for example EIO); the data may not be durable.</exception>
    public static void FlushToDisk(SafeFileHandle handle, string? path = null)
    {
        ArgumentNullException.ThrowIfNull(handle);
        if (OperatingSystem.IsWindows())
        {
            if (!WindowsNative.FlushFileBuffers(handle))
            {
                throw new IOException($"FlushFileBuffers failed (error {Marshal.GetLastPInvokeError()})");
            }

            Synced?.Invoke(path);
            return;
        }

        while (true)
        {
            int rc = OperatingSystem.IsLinux() ? UnixNative.Fdatasync(handle) : UnixNative.Fsync(handle);
            if (rc == 0)
            {
                Synced?.Invoke(path);
                return;
            }

            int errno = Marshal.GetLastPInvokeError();
            if (errno != UnixNative.EIntr)
            {
                throw new IOException($"{(OperatingSystem.IsLinux() ? "fdatasync" : "fsync")} failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})", errno);
            }
        }
    }

    /// <summary>
    /// Linux: <c>syncfs</c> on the file system holding <paramref name="anyOpenHandle"/>: every written page and directory
    /// entry of that file system reaches stable storage, for about the cost of a few <c>fdatasync</c>s. Since Linux 5.8 it
    /// reports writeback errors of any file of the file system seen since <paramref name="anyOpenHandle"/> was opened.
    /// </summary>
    /// <param name="anyOpenHandle">A long-lived descriptor on the file system (the store's base directory).</param>
    /// <param name="label">Reported through <see cref="Synced"/>.</param>
    /// <exception cref="IOException">The flush failed; nothing written since the last successful one may be durable.</exception>
    internal static void SyncFileSystem(SafeFileHandle anyOpenHandle, string label)
    {
        while (UnixNative.Syncfs(anyOpenHandle) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno != UnixNative.EIntr)
            {
                throw new IOException($"syncfs of '{label}' failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})", errno);
            }
        }

        Synced?.Invoke(label);
    }

    /// <summary>Opens a directory read-only (for <see cref="SyncFileSystem"/>); Linux only.</summary>
    internal static SafeFileHandle OpenDirectory(string directory)
    {
        int fd = UnixNative.Open(directory, UnixNative.ORdOnly | UnixNative.ODirectory | UnixNative.OCloExec);
        if (fd < 0)
        {
            throw UnixNative.ErrorFor(Marshal.GetLastPInvokeError(), directory);
        }

        return new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>
    /// Replaces (or creates) <paramref name="path"/> crash-safely: writes <c>&lt;path&gt;.tmp</c>, flushes it to disk,
    /// renames it over <paramref name="path"/> and fsyncs the directory. A crash leaves the old file or the new one, never
    /// a mix; a failure removes the <c>.tmp</c> (on a full disk it would hold space the logs need) and propagates.
    /// </summary>
    /// <remarks>The one temp + fsync + rename of the code base: snapshots, the rotation journal and projection checkpoints use it.</remarks>
    /// <param name="path">The file to replace; its directory must exist.</param>
    /// <param name="bytes">The whole new content.</param>
    /// <exception cref="IOException">Writing, flushing or renaming failed; <paramref name="path"/> is unchanged.</exception>
    public static void ReplaceAtomically(string path, ReadOnlySpan<byte> bytes)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string tmp = path + ".tmp";
        try
        {
            using (var stream = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0))
            {
                stream.Write(bytes);
                FlushToDisk(stream.SafeFileHandle, tmp);
            }

            File.Move(tmp, path, overwrite: true);
        }
        catch
        {
            try
            {
                File.Delete(tmp);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Best effort: the original failure is what the caller needs to see.
            }

            throw;
        }

        FsyncDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    /// <summary>
    /// Makes the entries of <paramref name="directory"/> (created files, renames) durable by fsyncing the directory itself.
    /// No-op on Windows, where directory handles cannot be flushed this way.
    /// </summary>
    internal static void FsyncDirectory(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        int fd = UnixNative.Open(directory, UnixNative.ORdOnly | UnixNative.ODirectory | UnixNative.OCloExec);
        if (fd < 0)
        {
            throw UnixNative.ErrorFor(Marshal.GetLastPInvokeError(), directory);
        }

        using var handle = new SafeFileHandle(fd, ownsHandle: true);
        while (UnixNative.Fsync(handle) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno != UnixNative.EIntr)
            {
                throw new IOException($"fsync of directory '{directory}' failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})", errno);
            }
        }

        Synced?.Invoke(directory);
    }

    /// <summary>
    /// Opens <paramref name="path"/> for reading without taking any lock, so it succeeds while a writer (C# or Rust)
    /// holds <c>flock(LOCK_EX)</c> on the file.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="bufferSize">The stream's buffer size; 0 for none.</param>
    /// <returns>A read-only stream at offset 0.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static FileStream OpenReadNoLock(string path, int bufferSize = 0)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (OperatingSystem.IsWindows())
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize);
        }

        return new FileStream(OpenReadHandleNoLock(path), FileAccess.Read, bufferSize);
    }

    /// <summary>Like <see cref="OpenReadNoLock"/> but returns the raw handle, for <see cref="RandomAccess"/> reads.</summary>
    internal static SafeFileHandle OpenReadHandleNoLock(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }

        int fd = UnixNative.Open(path, UnixNative.ORdOnly | UnixNative.OCloExec);
        if (fd < 0)
        {
            throw UnixNative.ErrorFor(Marshal.GetLastPInvokeError(), path);
        }

        return new SafeFileHandle(fd, ownsHandle: true);
    }
}
