namespace EventFold.Orleans.Store;

/// <summary>Rules for aggregate type names such as <c>order</c> or <c>bank-account</c>.</summary>
/// <remarks>
/// A valid name matches <c>^[a-z0-9][a-z0-9_-]{0,63}$</c> (1 to 64 characters, lowercase ASCII) and is not a
/// device name Windows reserves (<c>con</c>, <c>prn</c>, <c>aux</c>, <c>nul</c>, <c>com0</c>-<c>com9</c>,
/// <c>lpt0</c>-<c>lpt9</c>). The name is used unchanged as the stream folder
/// (<c>streams/&lt;type&gt;/</c>) and as the Orleans stream namespace, so these rules keep it a safe,
/// portable path segment that no two spellings can share on a case-insensitive file system.
/// </remarks>
public static class AggregateTypeName
{
    /// <summary>The longest valid aggregate type name.</summary>
    public const int MaxLength = 64;

    /// <summary>Whether <paramref name="name"/> is a valid aggregate type name.</summary>
    /// <param name="name">The candidate name.</param>
    /// <returns><see langword="true"/> when the name satisfies every rule.</returns>
    public static bool IsValid(string? name) => FindError(name) is null;

    /// <summary>Returns <paramref name="name"/> if it is a valid aggregate type name; throws otherwise.</summary>
    /// <param name="name">The candidate name.</param>
    /// <param name="paramName">The parameter name to report; defaults to the caller's argument expression.</param>
    /// <returns><paramref name="name"/>, unchanged.</returns>
    /// <exception cref="InvalidAggregateTypeException">The name breaks a rule; the exception says which.</exception>
    public static string Validate(
        string? name,
        [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(name))] string? paramName = null)
    {
        var error = FindError(name);
        return error is null ? name! : throw new InvalidAggregateTypeException(name, error, paramName);
    }

    private static string? FindError(string? name)
    {
        if (name is null)
        {
            return "it is null";
        }

        if (name.Length == 0)
        {
            return "it is empty";
        }

        if (name.Length > MaxLength)
        {
            return $"it is {name.Length} characters long, more than {MaxLength}";
        }

        if (!IsLowerAlphanumeric(name[0]))
        {
            return "it must start with a lowercase ASCII letter or a digit";
        }

        for (var i = 1; i < name.Length; i++)
        {
            if (!IsLowerAlphanumeric(name[i]) && name[i] is not ('_' or '-'))
            {
                return $"character U+{(int)name[i]:X4} at position {i} is not one of [a-z0-9_-]";
            }
        }

        return WindowsReservedNames.Contains(name) ? "it is a device name Windows reserves" : null;
    }

    private static bool IsLowerAlphanumeric(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9');
}
