using System.Security.Cryptography;
using System.Text;

namespace EventFold.Cli.Tests.Support;

/// <summary>One hash over every path and file content under a directory: proves a command changed nothing.</summary>
public static class TreeHash
{
    public static string Of(string root)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var entry in Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            sha.AppendData(Encoding.UTF8.GetBytes(Path.GetRelativePath(root, entry) + "\n"));
            if (File.Exists(entry))
            {
                // Without a lock, like the tool: a running app holds its logs' locks.
                using var stream = LogInspection.OpenReadNoLock(entry);
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                sha.AppendData(copy.ToArray());
            }
        }

        return Convert.ToHexString(sha.GetHashAndReset());
    }
}
