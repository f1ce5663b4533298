using System.Globalization;

namespace EventFold.Orleans.Tests.Writers;

/// <summary>
/// Counts this process's descriptors that are open for writing on the <c>app.jsonl</c> files of one store, straight
/// from <c>/proc/self/fd</c> (Linux): what the open-file limit sees, independent of the pool's own bookkeeping.
/// </summary>
/// <remarks>Readers open <c>app.jsonl</c> read-only; only read/write descriptors (writers) are counted.</remarks>
public static class OpenLogWriters
{
    public static int Count(string baseDirectory)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("counting descriptors needs /proc/self/fd");
        }

        var prefix = Path.GetFullPath(baseDirectory).TrimEnd('/') + "/";
        var count = 0;
        foreach (var entry in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            try
            {
                var target = new FileInfo(entry).LinkTarget;
                if (target is null || !target.StartsWith(prefix, StringComparison.Ordinal) || !target.EndsWith("/app.jsonl", StringComparison.Ordinal))
                {
                    continue;
                }

                var flags = File.ReadLines("/proc/self/fdinfo/" + Path.GetFileName(entry))
                    .First(l => l.StartsWith("flags:", StringComparison.Ordinal))["flags:".Length..].Trim();
                const int AccessMode = 3, ReadWrite = 2;
                if ((Convert.ToInt32(flags, 8) & AccessMode) == ReadWrite)
                {
                    count++;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                // Closed between the listing and the look-up: not open any more.
            }
        }

        return count;
    }

    public static string Describe(int count, int cap) => string.Create(CultureInfo.InvariantCulture, $"{count} app.jsonl open for writing (cap {cap})");
}
