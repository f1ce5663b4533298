using System.IO.Hashing;

namespace EventFold;

/// <summary>The eventfold line hash: XXH64 with seed 0 over the stored line bytes (without the LF), as 16 lowercase hex digits.</summary>
/// <remarks>
/// Identical to the Rust crate's <c>line_hash</c> and to <c>xxhsum -H64</c>. Always hash the bytes as stored; never
/// re-serialize a parsed event to recompute a hash. The empty log's "previous hash" is the empty string, not a hash value.
/// </remarks>
public static class LineHash
{
    /// <summary>Computes the hash of one line.</summary>
    /// <param name="lineWithoutLf">The exact stored bytes of the line, excluding the terminating LF.</param>
    /// <returns>16 lowercase hexadecimal digits, most significant first.</returns>
    public static string Compute(ReadOnlySpan<byte> lineWithoutLf) => Format(XxHash64.HashToUInt64(lineWithoutLf, 0));

    /// <summary>Renders a hash value as 16 lowercase hex digits, zero padded.</summary>
    internal static string Format(ulong value) => string.Create(16, value, static (chars, v) =>
    {
        for (int i = 15; i >= 0; i--)
        {
            chars[i] = "0123456789abcdef"[(int)(v & 0xF)];
            v >>= 4;
        }
    });
}
