using System.Runtime.InteropServices;

namespace EventFold.Orleans.Store;

/// <summary>
/// Makes directory changes (a created file or subdirectory, a rename) durable by fsyncing the
/// directory itself, which .NET has no API for.
/// </summary>
/// <remarks>
/// On Linux and macOS the directory is opened read-only and fsynced. On Windows this is a no-op:
/// NTFS journals directory changes and a directory handle cannot be flushed.
/// </remarks>
internal static partial class DirectorySync
{
    private const int EINTR = 4;
    private const int EINVAL = 22;

    /// <summary>Creates <paramref name="path"/> and any missing parents, fsyncing each parent that gained an entry.</summary>
    /// <param name="path">The directory to create.</param>
    /// <returns>Whether anything had to be created.</returns>
    public static bool CreateDirectory(string path)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        if (Directory.Exists(full))
        {
            return false;
        }

        var parent = Path.GetDirectoryName(full);
        if (parent is not null)
        {
            CreateDirectory(parent);
        }

        Directory.CreateDirectory(full);
        if (parent is not null)
        {
            Flush(parent);
        }

        return true;
    }

    /// <summary>Fsyncs the directory <paramref name="path"/> so that its entries survive a power loss.</summary>
    /// <param name="path">An existing directory.</param>
    /// <exception cref="IOException">The directory could not be opened or flushed.</exception>
    public static void Flush(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var fd = Open(path, OpenFlags());
        if (fd < 0)
        {
            throw Failure("open", path, Marshal.GetLastPInvokeError());
        }

        try
        {
            int result;
            do
            {
                result = FSync(fd);
            }
            while (result < 0 && Marshal.GetLastPInvokeError() == EINTR);

            // EINVAL: the file system cannot sync directories (some FUSE and network mounts); nothing to do.
            if (result < 0 && Marshal.GetLastPInvokeError() is var errno && errno != EINVAL)
            {
                throw Failure("fsync", path, errno);
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    private static IOException Failure(string call, string path, int errno) =>
        new($"Could not {call} directory \"{path}\" to make it durable: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).");

    // O_RDONLY is 0 everywhere; O_DIRECTORY and O_CLOEXEC differ by OS and, on Linux, by architecture.
    // O_CLOEXEC keeps the descriptor from leaking into child processes started meanwhile.
    private static int OpenFlags()
    {
        if (OperatingSystem.IsMacOS() || OperatingSystem.IsIOS() || OperatingSystem.IsTvOS() || OperatingSystem.IsMacCatalyst())
        {
            return 0x100000 | 0x1000000;
        }

        if (OperatingSystem.IsFreeBSD())
        {
            return 0x20000 | 0x100000;
        }

        var directory = RuntimeInformation.ProcessArchitecture is Architecture.Arm or Architecture.Arm64 ? 0x4000 : 0x10000;
        return directory | 0x80000;
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int FSync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
