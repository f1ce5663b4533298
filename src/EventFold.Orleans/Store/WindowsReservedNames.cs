namespace EventFold.Orleans.Store;

/// <summary>Device names Windows reserves as file and directory names, whatever the case.</summary>
internal static class WindowsReservedNames
{
    private static readonly string[] Names = Build();

    /// <summary>Whether <paramref name="name"/> is, ignoring case, one of the reserved device names.</summary>
    /// <remarks>
    /// Only exact matches: callers make sure their names contain no <c>.</c>, so the
    /// "reserved name plus extension" form (<c>NUL.txt</c>) cannot arise.
    /// </remarks>
    public static bool Contains(ReadOnlySpan<char> name)
    {
        if (name.Length is < 3 or > 4)
        {
            return false;
        }

        foreach (var reserved in Names)
        {
            if (name.Equals(reserved, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static string[] Build()
    {
        var names = new List<string> { "CON", "PRN", "AUX", "NUL" };
        for (var digit = 0; digit <= 9; digit++)
        {
            names.Add($"COM{digit}");
            names.Add($"LPT{digit}");
        }

        return [.. names];
    }
}
