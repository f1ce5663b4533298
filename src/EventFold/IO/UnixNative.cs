using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace EventFold;

/// <summary>
/// Minimal libc surface used for lock-free reads, flock-based writer locking and durable flushes on Linux and macOS.
/// </summary>
/// <remarks>
/// .NET's own <see cref="FileStream"/> implements <see cref="FileShare"/> with advisory <c>flock</c>, so a plain read open
/// takes <c>LOCK_SH</c> and fails while a writer holds <c>LOCK_EX</c>. Opening with <c>open(2)</c> directly avoids that.
/// <c>open</c> is variadic; the mode argument is only passed on Linux, where variadic and fixed arguments share registers.
/// </remarks>
internal static partial class UnixNative
{
    private const string Libc = "libc";

    internal const int LockSh = 1;
    internal const int LockEx = 2;
    internal const int LockNb = 4;
    internal const int LockUn = 8;

    internal const int ORdOnly = 0;
    internal const int ORdWr = 2;

    internal const int EIntr = 4;
    internal const int ENoEnt = 2;

    /// <summary>EWOULDBLOCK / EAGAIN: 11 on Linux, 35 on macOS.</summary>
    internal static int EWouldBlock => OperatingSystem.IsMacOS() ? 35 : 11;

    /// <summary>O_CREAT: 0x40 on Linux, 0x200 on macOS.</summary>
    internal static int OCreat => OperatingSystem.IsMacOS() ? 0x200 : 0x40;

    /// <summary>O_CLOEXEC: 0x80000 on Linux, 0x1000000 on macOS.</summary>
    internal static int OCloExec => OperatingSystem.IsMacOS() ? 0x1000000 : 0x80000;

    /// <summary>O_DIRECTORY: 0x10000 on Linux x86/x64, 0x4000 on Linux ARM/ARM64, 0x100000 on macOS.</summary>
    internal static int ODirectory => OperatingSystem.IsMacOS()
        ? 0x100000
        : RuntimeInformation.ProcessArchitecture is Architecture.Arm or Architecture.Arm64 ? 0x4000 : 0x10000;

    [LibraryImport(Libc, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenWithMode(string path, int flags, uint mode);

    [LibraryImport(Libc, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenNoMode(string path, int flags);

    [LibraryImport(Libc, EntryPoint = "close", SetLastError = true)]
    internal static partial int Close(int fd);

    [LibraryImport(Libc, EntryPoint = "flock", SetLastError = true)]
    internal static partial int Flock(SafeFileHandle fd, int operation);

    [LibraryImport(Libc, EntryPoint = "fsync", SetLastError = true)]
    internal static partial int Fsync(SafeFileHandle fd);

    [LibraryImport(Libc, EntryPoint = "fdatasync", SetLastError = true)]
    internal static partial int Fdatasync(SafeFileHandle fd);

    /// <summary>Linux only: flushes every dirty page and metadata of the file system holding <paramref name="fd"/>.</summary>
    [LibraryImport(Libc, EntryPoint = "syncfs", SetLastError = true)]
    internal static partial int Syncfs(SafeFileHandle fd);

    /// <summary>
    /// Opens <paramref name="path"/> with <c>open(2)</c>, retrying on EINTR. Returns the descriptor or -1 (errno in
    /// <see cref="Marshal.GetLastPInvokeError"/>). <paramref name="mode"/> is ignored on macOS, where callers must not
    /// pass O_CREAT (see <see cref="OpenOrCreateReadWrite"/>).
    /// </summary>
    internal static int Open(string path, int flags, uint mode = 0)
    {
        while (true)
        {
            int fd = OperatingSystem.IsLinux() ? OpenWithMode(path, flags, mode) : OpenNoMode(path, flags);
            if (fd >= 0 || Marshal.GetLastPInvokeError() != EIntr)
            {
                return fd;
            }
        }
    }

    /// <summary>Opens (creating with mode 0666 if missing) a read/write descriptor without taking any lock.</summary>
    /// <returns>The owned handle; throws an <see cref="IOException"/> naming the path on failure.</returns>
    internal static SafeFileHandle OpenOrCreateReadWrite(string path)
    {
        int fd;
        if (OperatingSystem.IsLinux())
        {
            fd = Open(path, ORdWr | OCreat | OCloExec, 0b110_110_110);
        }
        else
        {
            // Variadic arguments go on the stack on Apple ARM64, so never pass O_CREAT through a fixed-arity import.
            if (!File.Exists(path))
            {
                try
                {
                    using var created = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
                }
                catch (IOException) when (File.Exists(path))
                {
                    // Another process created it first; fine.
                }
            }

            fd = Open(path, ORdWr | OCloExec);
        }

        if (fd < 0)
        {
            throw ErrorFor(Marshal.GetLastPInvokeError(), path);
        }

        return new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>Maps an errno from a failed call on <paramref name="path"/> to a .NET exception.</summary>
    internal static IOException ErrorFor(int errno, string path)
    {
        string message = $"{Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}): '{path}'";
        return errno == ENoEnt ? new FileNotFoundException(message, path) : new IOException(message, errno);
    }
}
