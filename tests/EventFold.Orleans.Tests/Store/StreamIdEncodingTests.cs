using System.Text;
using EventFold.Orleans.Store;
using Xunit;

namespace EventFold.Orleans.Tests.Store;

public sealed class StreamIdEncodingTests
{
    [Theory]
    [InlineData("ord-42", "ord-42")]
    [InlineData("Order_7-x", "Order_7-x")]
    [InlineData("..", "~2E~2E")]
    [InlineData(".", "~2E")]
    [InlineData(".hidden", "~2Ehidden")]
    [InlineData("a/b", "a~2Fb")]
    [InlineData("C:\\x", "C~3A~5Cx")]
    [InlineData("NUL", "~4EUL")]
    [InlineData("nul", "~6Eul")]
    [InlineData("nul.txt", "nul~2Etxt")]
    [InlineData("con", "~63on")]
    [InlineData("Aux", "~41ux")]
    [InlineData("prn", "~70rn")]
    [InlineData("COM1", "~43OM1")]
    [InlineData("com0", "~63om0")]
    [InlineData("LPT9", "~4CPT9")]
    [InlineData("CONx", "CONx")]
    [InlineData("COM10", "COM10")]
    [InlineData("~", "~7E")]
    [InlineData("~41", "~7E41")]
    [InlineData("a b", "a~20b")]
    [InlineData("\0\n\t\u007f", "~00~0A~09~7F")]
    [InlineData("é", "~C3~A9")]
    [InlineData("日本", "~E6~97~A5~E6~9C~AC")]
    [InlineData("😀", "~F0~9F~98~80")]
    public void Encode_gives_the_documented_name_and_decodes_back(string id, string expected)
    {
        var encoded = StreamIdEncoding.Encode(id);

        Assert.Equal(expected, encoded);
        Assert.Equal(id, StreamIdEncoding.Decode(encoded));
    }

    [Fact]
    public void Empty_id_is_rejected()
    {
        var e = Assert.Throws<InvalidStreamIdException>(() => StreamIdEncoding.Encode(""));
        Assert.Equal("", e.StreamId);
        Assert.Contains("empty", e.Reason);
        Assert.Equal("id", e.ParamName);
    }

    [Fact]
    public void Null_id_is_rejected()
    {
        var e = Assert.Throws<InvalidStreamIdException>(() => StreamIdEncoding.Encode(null!));
        Assert.Null(e.StreamId);
        Assert.Contains("null", e.Reason);
    }

    [Theory]
    [InlineData("", 0xD800, "")]
    [InlineData("a", 0xDC00, "b")]
    [InlineData("x", 0xD83D, "")]
    public void Unpaired_surrogates_are_rejected(string before, int surrogate, string after)
    {
        // Built at run time: attribute arguments are stored as UTF-8, which turns lone surrogates into U+FFFD.
        var id = before + (char)surrogate + after;

        var e = Assert.Throws<InvalidStreamIdException>(() => StreamIdEncoding.Encode(id));
        Assert.Contains("surrogate", e.Reason);
        Assert.Equal(id, e.StreamId);
        Assert.Contains($"\\u{surrogate:X4}", e.Message);
        Assert.False(StreamIdEncoding.TryEncode(id, out _));
    }

    [Fact]
    public void Ten_thousand_characters_are_rejected_and_only_a_prefix_is_kept()
    {
        var id = new string('a', 10_000);

        var e = Assert.Throws<InvalidStreamIdException>(() => StreamIdEncoding.Encode(id));

        Assert.True(e.IsTruncated);
        Assert.Equal(new string('a', InvalidStreamIdException.MaxReportedLength), e.StreamId);
        Assert.Contains("200", e.Reason);
        Assert.Contains("10000 characters", e.Message);
        Assert.True(e.Message.Length < 500);
    }

    [Fact]
    public void Length_limit_applies_to_the_encoded_name()
    {
        Assert.Equal(200, StreamIdEncoding.Encode(new string('a', 200)).Length);
        Assert.Throws<InvalidStreamIdException>(() => StreamIdEncoding.Encode(new string('a', 201)));

        // 'é' is two UTF-8 bytes, six encoded characters: 33 fit in 200, 34 do not.
        Assert.Equal(198, StreamIdEncoding.Encode(new string('é', 33)).Length);
        var e = Assert.Throws<InvalidStreamIdException>(() => StreamIdEncoding.Encode(new string('é', 34)));
        Assert.Contains("204", e.Reason);
    }

    [Fact]
    public void Truncated_report_does_not_split_a_surrogate_pair()
    {
        var id = new string('a', InvalidStreamIdException.MaxReportedLength - 1) + string.Concat(Enumerable.Repeat("😀", 100));

        var e = Assert.Throws<InvalidStreamIdException>(() => StreamIdEncoding.Encode(id));

        Assert.Equal(InvalidStreamIdException.MaxReportedLength - 1, e.StreamId!.Length);
        Assert.False(char.IsHighSurrogate(e.StreamId[^1]));
    }

    [Fact]
    public void Message_shows_control_characters_escaped()
    {
        var e = new InvalidStreamIdException("a\nb", "test reason");

        Assert.Contains("a\\u000Ab", e.Message);
        Assert.DoesNotContain("\n", e.Message);
        Assert.Equal("a\nb", e.StreamId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("~")]
    [InlineData("~4")]
    [InlineData("a~4")]
    [InlineData("~2e")]
    [InlineData("~41")]
    [InlineData("~5F")]
    [InlineData("NUL")]
    [InlineData("con")]
    [InlineData("lpt1")]
    [InlineData("a.b")]
    [InlineData("a/b")]
    [InlineData("..")]
    [InlineData("é")]
    [InlineData("~C3")]
    [InlineData("~ED~A0~80")]
    [InlineData("~C0~AF")]
    [InlineData("~FF")]
    [InlineData("~GG")]
    public void Decode_rejects_names_Encode_never_produces(string name)
    {
        var e = Assert.Throws<InvalidStreamIdException>(() => StreamIdEncoding.Decode(name));
        Assert.Equal("name", e.ParamName);
        Assert.False(StreamIdEncoding.TryDecode(name, out _));
    }

    [Fact]
    public void Decode_rejects_over_long_names()
    {
        Assert.Throws<InvalidStreamIdException>(() => StreamIdEncoding.Decode(new string('a', 201)));
    }

    [Fact]
    public void Random_ids_round_trip_stay_in_the_alphabet_and_never_collide()
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var random = new Random(20261126);
        var accepted = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var id = RandomId(random);
            var storable = id.Length > 0 && !HasUnpairedSurrogate(id) && ExpectedLength(id) <= StreamIdEncoding.MaxEncodedLength;
            Assert.Equal(storable, StreamIdEncoding.TryEncode(id, out var encoded));
            if (encoded is null)
            {
                continue;
            }

            accepted++;
            Assert.Equal(ExpectedLength(id), encoded.Length);
            Assert.All(encoded, c => Assert.True(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '~', $"'{c}' in {encoded}"));
            Assert.False(encoded.StartsWith('.'));
            Assert.Equal(id, StreamIdEncoding.Decode(encoded));
            if (names.TryGetValue(encoded, out var earlier))
            {
                Assert.Equal(earlier, id);
            }

            names[encoded] = id;
        }

        Assert.True(accepted > 4_000, $"only {accepted} ids were storable: the generator is too wild");
        Assert.True(names.Count > 3_000, $"only {names.Count} distinct ids: the generator is too narrow");
    }

    private static readonly string[] Pieces =
    [
        "a", "Z", "0", "9", "_", "-", "~", ".", "..", "/", "\\", ":", " ", "\0", "\n", "\u007f", "%", "*", "?", "\"",
        "é", "ß", "日", "😀", "\uFFFF", "\u200B", "CON", "nul", "com1", "LPT0", "aux", "~41", "~2E",
    ];

    private static string RandomId(Random random)
    {
        var builder = new StringBuilder();
        var parts = random.Next(0, 12);
        for (var p = 0; p < parts; p++)
        {
            switch (random.Next(4))
            {
                case 0:
                    builder.Append(Pieces[random.Next(Pieces.Length)]);
                    break;
                case 1:
                    builder.Append((char)random.Next(0, 128));
                    break;
                case 2:
                    builder.Append(char.ConvertFromUtf32(random.Next(0x80, 0x10FFFF) is var cp && cp is >= 0xD800 and <= 0xDFFF ? 0xE000 : cp));
                    break;
                default:
                    builder.Append((char)random.Next(0xD7F0, 0xE010));
                    break;
            }
        }

        return builder.ToString();
    }

    // Independent of the implementation: plain bytes count 1, every other UTF-8 byte 3, a reserved name 2 more.
    private static int ExpectedLength(string id)
    {
        var bytes = Encoding.UTF8.GetBytes(id);
        var length = bytes.Sum(b => char.IsAsciiLetterOrDigit((char)b) || b is (byte)'_' or (byte)'-' ? 1 : 3);
        var reserved = new[] { "CON", "PRN", "AUX", "NUL" }
            .Concat(Enumerable.Range(0, 10).SelectMany(d => new[] { $"COM{d}", $"LPT{d}" }))
            .Any(r => string.Equals(r, id, StringComparison.OrdinalIgnoreCase));
        return length + (reserved ? 2 : 0);
    }

    private static bool HasUnpairedSurrogate(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(s[i]))
            {
                return true;
            }
        }

        return false;
    }
}
