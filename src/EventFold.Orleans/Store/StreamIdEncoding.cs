using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace EventFold.Orleans.Store;

/// <summary>
/// Turns caller-supplied stream instance ids (natural keys: any string) into a single directory
/// name segment and back.
/// </summary>
/// <remarks>
/// <para>The encoding, applied to the UTF-8 bytes of the id:</para>
/// <list type="bullet">
/// <item><description>bytes of <c>[A-Za-z0-9_-]</c> are kept as they are;</description></item>
/// <item><description>every other byte becomes <c>~XX</c>, two uppercase hex digits (so <c>~</c> is <c>~7E</c>,
/// <c>.</c> is <c>~2E</c> and <c>/</c> is <c>~2F</c>);</description></item>
/// <item><description>if the result is a name Windows reserves (<c>CON</c>, <c>PRN</c>, <c>AUX</c>, <c>NUL</c>,
/// <c>COM0</c>-<c>COM9</c>, <c>LPT0</c>-<c>LPT9</c>, any case), its first character is escaped too
/// (<c>NUL</c> becomes <c>~4EUL</c>).</description></item>
/// </list>
/// <para>Guarantees: the encoding is reversible (<see cref="Decode(string)"/>), distinct ids give distinct names,
/// names contain only <c>[A-Za-z0-9_~-]</c>, never start with <c>.</c>, and can never be <c>.</c>, <c>..</c>
/// or contain a path separator, so an id cannot address a path outside its type folder.
/// Every id has exactly one encoding, and <see cref="Decode(string)"/> accepts only that one.</para>
/// <para>Rejected with <see cref="InvalidStreamIdException"/>: null, the empty string, strings with unpaired
/// surrogates (they have no UTF-8 form), and ids whose encoding is longer than <see cref="MaxEncodedLength"/>
/// characters. File systems limit a name to 255 bytes; the margin leaves room for temporary suffixes.
/// In the encoded name a character of <c>[A-Za-z0-9_-]</c> takes 1 character, any other ASCII character 3, other
/// characters of the Basic Multilingual Plane 6 or 9, characters beyond it (emoji) 12: an id may have 200 plain
/// characters, but only 22 CJK characters or 16 emoji.</para>
/// <para>Letters keep their case. On a case-insensitive file system (the default on Windows and macOS)
/// ids that differ only in the case of ASCII letters share a directory; use ids that are unique
/// ignoring case there.</para>
/// </remarks>
public static class StreamIdEncoding
{
    /// <summary>The longest encoded name accepted, in characters (which are also bytes: names are ASCII).</summary>
    public const int MaxEncodedLength = 200;

    private const char Escape = '~';

    /// <summary>Encodes <paramref name="id"/> as one directory name segment.</summary>
    /// <param name="id">The stream instance id.</param>
    /// <returns>The directory name; only <c>[A-Za-z0-9_~-]</c>, at most <see cref="MaxEncodedLength"/> characters.</returns>
    /// <exception cref="InvalidStreamIdException">The id is null, empty, not valid UTF-16 or too long when encoded.</exception>
    public static string Encode(string id)
    {
        var error = TryEncodeCore(id, out var encoded);
        return error is null ? encoded! : throw new InvalidStreamIdException(id, error, nameof(id));
    }

    /// <summary>Encodes <paramref name="id"/>, or reports that it cannot be stored, without throwing.</summary>
    /// <param name="id">The stream instance id.</param>
    /// <param name="encoded">The directory name when the method returns <see langword="true"/>.</param>
    /// <returns>Whether the id can be stored.</returns>
    public static bool TryEncode(string? id, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? encoded)
        => TryEncodeCore(id, out encoded) is null;

    /// <summary>Decodes a directory name produced by <see cref="Encode(string)"/> back to the id.</summary>
    /// <param name="name">The directory name (one segment, no path).</param>
    /// <returns>The stream instance id.</returns>
    /// <exception cref="InvalidStreamIdException"><paramref name="name"/> is not a name that <see cref="Encode(string)"/> produces.</exception>
    public static string Decode(string name)
    {
        var error = TryDecodeCore(name, out var id);
        return error is null ? id! : throw new InvalidStreamIdException(name, error, nameof(name));
    }

    /// <summary>Decodes a directory name, or reports that it is not one <see cref="Encode(string)"/> produces, without throwing.</summary>
    /// <param name="name">The directory name.</param>
    /// <param name="id">The id when the method returns <see langword="true"/>.</param>
    /// <returns>Whether <paramref name="name"/> is a valid encoding.</returns>
    public static bool TryDecode(string? name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? id)
        => TryDecodeCore(name, out id) is null;

    /// <summary>
    /// Why an id that reached a grain may not be the id its caller sent, or <see langword="null"/> when it is faithful.
    /// Orleans replaces unpaired UTF-16 surrogates with U+FFFD when it carries a grain id, so <c>"\uD800"</c>,
    /// <c>"\uDBFF"</c> and <c>"\uFFFD"</c> all arrive as <c>"\uFFFD"</c>: U+FFFD is the only trace left of that loss.
    /// </summary>
    /// <param name="id">The id as the grain sees it.</param>
    /// <remarks>Only grain activations check this: the store itself can hold U+FFFD (it has a UTF-8 form), and streams
    /// created before the check keep loading.</remarks>
    internal static string? OrleansCarryProblem(string id)
    {
        if (id.Contains('\uFFFD', StringComparison.Ordinal))
        {
            return "it contains U+FFFD, the replacement character. Orleans turns unpaired UTF-16 surrogates into U+FFFD before a grain "
                + "sees its id, so ids such as \"\\uD800\", \"\\uDBFF\" and \"\\uFFFD\" would all share one stream; use ids of well-formed text without U+FFFD";
        }

        return UnpairedSurrogateProblem(id);
    }

    /// <summary>Why <paramref name="id"/> cannot cross Orleans intact because of an unpaired UTF-16 surrogate, or <see langword="null"/>.</summary>
    /// <param name="id">The id as the caller sends it.</param>
    internal static string? UnpairedSurrogateProblem(string id)
    {
        for (var i = 0; i < id.Length; i++)
        {
            if (char.IsHighSurrogate(id[i]) && i + 1 < id.Length && char.IsLowSurrogate(id[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(id[i]))
            {
                return $"it contains an unpaired UTF-16 surrogate at position {i}, which Orleans cannot carry (it becomes U+FFFD)";
            }
        }

        return null;
    }

    private static string? TryEncodeCore(string? id, out string? encoded)
    {
        encoded = null;
        if (id is null)
        {
            return "it is null";
        }

        if (id.Length == 0)
        {
            return "it is empty";
        }

        // Every UTF-16 code unit encodes to at least one output character, so this bounds the work
        // (and the buffer below) before anything is allocated for a huge id.
        if (id.Length > MaxEncodedLength)
        {
            return $"its encoded directory name would be longer than {MaxEncodedLength} characters";
        }

        Span<byte> utf8 = stackalloc byte[MaxEncodedLength * 3];
        var status = Utf8.FromUtf16(id, utf8, out _, out var byteCount, replaceInvalidSequences: false);
        if (status != OperationStatus.Done)
        {
            return "it contains an unpaired surrogate, which has no UTF-8 form";
        }

        var builder = new StringBuilder(byteCount * 3);
        foreach (var b in utf8[..byteCount])
        {
            if (IsPlain(b))
            {
                builder.Append((char)b);
            }
            else
            {
                AppendEscaped(builder, b);
            }
        }

        if (WindowsReservedNames.Contains(builder.ToString()))
        {
            var first = (byte)builder[0];
            builder.Remove(0, 1);
            builder.Insert(0, $"{Escape}{first:X2}");
        }

        if (builder.Length > MaxEncodedLength)
        {
            return $"its encoded directory name would be {builder.Length} characters, more than {MaxEncodedLength}";
        }

        encoded = builder.ToString();
        return null;
    }

    private static string? TryDecodeCore(string? name, out string? id)
    {
        id = null;
        if (string.IsNullOrEmpty(name))
        {
            return "an encoded stream directory name is never empty";
        }

        if (name.Length > MaxEncodedLength)
        {
            return $"an encoded stream directory name is at most {MaxEncodedLength} characters";
        }

        var bytes = new byte[name.Length];
        var count = 0;
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c == Escape)
            {
                if (i + 2 >= name.Length || !IsUpperHex(name[i + 1]) || !IsUpperHex(name[i + 2]))
                {
                    return $"'~' at position {i} is not followed by two uppercase hex digits";
                }

                bytes[count++] = (byte)((HexValue(name[i + 1]) << 4) | HexValue(name[i + 2]));
                i += 2;
            }
            else if (c < 128 && IsPlain((byte)c))
            {
                bytes[count++] = (byte)c;
            }
            else
            {
                return $"character U+{(int)c:X4} at position {i} never occurs in an encoded name";
            }
        }

        string decoded;
        try
        {
            decoded = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true)
                .GetString(bytes, 0, count);
        }
        catch (DecoderFallbackException)
        {
            return "its escapes do not form valid UTF-8";
        }

        // The encoding is canonical: anything that does not round-trip exactly (an escaped plain
        // character, a reserved name left unescaped) was not produced by Encode.
        if (TryEncodeCore(decoded, out var canonical) is not null || !string.Equals(canonical, name, StringComparison.Ordinal))
        {
            return "it is not the canonical encoding of any id";
        }

        id = decoded;
        return null;
    }

    private static bool IsPlain(byte b) =>
        b is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9')
            or (byte)'_' or (byte)'-';

    private static bool IsUpperHex(char c) => c is (>= '0' and <= '9') or (>= 'A' and <= 'F');

    private static int HexValue(char c) => c <= '9' ? c - '0' : c - 'A' + 10;

    private static void AppendEscaped(StringBuilder builder, byte b) => builder.Append(Escape).Append(b.ToString("X2"));
}
