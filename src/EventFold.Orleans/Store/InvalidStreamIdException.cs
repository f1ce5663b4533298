using System.Text;

namespace EventFold.Orleans.Store;

/// <summary>
/// Thrown when a caller-supplied stream instance id cannot be stored as a directory name, or when a
/// directory name is not one that <see cref="StreamIdEncoding.Encode(string)"/> could have produced.
/// </summary>
/// <remarks>
/// <see cref="StreamId"/> holds the offending value, shortened to its first
/// <see cref="MaxReportedLength"/> characters when it is longer, so that a huge id does not end up
/// in logs. The message shows control characters as <c>\uXXXX</c>.
/// </remarks>
[GenerateSerializer, Alias("EventFold.InvalidStreamIdException")]
public sealed class InvalidStreamIdException : ArgumentException
{
    /// <summary>The longest prefix of the offending value that is kept in <see cref="StreamId"/>.</summary>
    public const int MaxReportedLength = 64;

    /// <summary>Creates the exception for <paramref name="streamId"/> rejected because of <paramref name="reason"/>.</summary>
    /// <param name="streamId">The rejected id or directory name; <see langword="null"/> when the id was null.</param>
    /// <param name="reason">Why the value was rejected, as a sentence fragment.</param>
    /// <param name="paramName">The name of the parameter that held the value.</param>
    public InvalidStreamIdException(string? streamId, string reason, string? paramName = null)
        : base(BuildMessage(streamId, reason), paramName)
    {
        StreamId = Shorten(streamId, out var truncated);
        IsTruncated = truncated;
        Reason = reason;
    }

    /// <summary>
    /// The rejected id (or, from <see cref="StreamIdEncoding.Decode(string)"/>, the rejected directory name), or its
    /// first <see cref="MaxReportedLength"/> characters; null if the id was null.
    /// </summary>
    [Id(0)] public string? StreamId { get; }

    /// <summary>Whether <see cref="StreamId"/> is only a prefix of the rejected value.</summary>
    [Id(1)] public bool IsTruncated { get; }

    /// <summary>Why the value was rejected.</summary>
    [Id(2)] public string Reason { get; }

    private static string BuildMessage(string? streamId, string reason)
    {
        if (streamId is null)
        {
            return $"Stream id is invalid: {reason}.";
        }

        var shown = Shorten(streamId, out var truncated);
        var suffix = truncated ? $"... ({streamId.Length} characters)" : string.Empty;
        return $"Stream id \"{Printable(shown!)}\"{suffix} is invalid: {reason}.";
    }

    private static string? Shorten(string? value, out bool truncated)
    {
        truncated = value is not null && value.Length > MaxReportedLength;
        if (!truncated)
        {
            return value;
        }

        // Do not cut a surrogate pair in half.
        var length = char.IsHighSurrogate(value![MaxReportedLength - 1]) ? MaxReportedLength - 1 : MaxReportedLength;
        return value[..length];
    }

    private static string Printable(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (char.IsControl(c) || char.IsSurrogate(c))
            {
                builder.Append($"\\u{(int)c:X4}");
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
