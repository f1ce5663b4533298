namespace EventFold;

/// <summary>A strict (RFC 8259), allocation-free skipper for one compact JSON value, used by the fast line parser.</summary>
/// <remarks>Returns <see langword="false"/> on anything it does not accept, including whitespace and excessive depth;
/// the caller then falls back to <see cref="System.Text.Json.Utf8JsonReader"/>.</remarks>
internal static class JsonSkipper
{
    internal static bool SkipValue(ReadOnlySpan<byte> s, ref int pos, int depth)
    {
        if (pos >= s.Length)
        {
            return false;
        }

        switch (s[pos])
        {
            case (byte)'{':
                return depth > 0 && SkipObject(s, ref pos, depth - 1);
            case (byte)'[':
                return depth > 0 && SkipArray(s, ref pos, depth - 1);
            case (byte)'"':
                return SkipString(s, ref pos);
            case (byte)'t':
                return Literal(s, ref pos, "true"u8);
            case (byte)'f':
                return Literal(s, ref pos, "false"u8);
            case (byte)'n':
                return Literal(s, ref pos, "null"u8);
            default:
                return SkipNumber(s, ref pos);
        }
    }

    private static bool SkipObject(ReadOnlySpan<byte> s, ref int pos, int depth)
    {
        pos++;
        if (pos < s.Length && s[pos] == (byte)'}')
        {
            pos++;
            return true;
        }

        while (true)
        {
            if (pos >= s.Length || s[pos] != (byte)'"' || !SkipString(s, ref pos)
                || pos >= s.Length || s[pos++] != (byte)':' || !SkipValue(s, ref pos, depth) || pos >= s.Length)
            {
                return false;
            }

            byte next = s[pos++];
            if (next == (byte)'}')
            {
                return true;
            }

            if (next != (byte)',')
            {
                return false;
            }
        }
    }

    private static bool SkipArray(ReadOnlySpan<byte> s, ref int pos, int depth)
    {
        pos++;
        if (pos < s.Length && s[pos] == (byte)']')
        {
            pos++;
            return true;
        }

        while (true)
        {
            if (!SkipValue(s, ref pos, depth) || pos >= s.Length)
            {
                return false;
            }

            byte next = s[pos++];
            if (next == (byte)']')
            {
                return true;
            }

            if (next != (byte)',')
            {
                return false;
            }
        }
    }

    private static bool SkipString(ReadOnlySpan<byte> s, ref int pos)
    {
        int i = pos + 1;
        while (true)
        {
            int special = s[i..].IndexOfAny((byte)'"', (byte)'\\');
            if (special < 0 || s.Slice(i, special).IndexOfAnyInRange((byte)0, (byte)0x1F) >= 0)
            {
                return false;
            }

            i += special;
            if (s[i] == (byte)'"')
            {
                pos = i + 1;
                return true;
            }

            // Backslash escape.
            if (i + 1 >= s.Length)
            {
                return false;
            }

            byte esc = s[i + 1];
            if (esc == (byte)'u')
            {
                if (i + 6 > s.Length || !IsHex(s[i + 2]) || !IsHex(s[i + 3]) || !IsHex(s[i + 4]) || !IsHex(s[i + 5]))
                {
                    return false;
                }

                i += 6;
            }
            else if (esc is (byte)'"' or (byte)'\\' or (byte)'/' or (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t')
            {
                i += 2;
            }
            else
            {
                return false;
            }
        }
    }

    private static bool SkipNumber(ReadOnlySpan<byte> s, ref int pos)
    {
        int i = pos;
        if (i < s.Length && s[i] == (byte)'-')
        {
            i++;
        }

        if (i >= s.Length || !IsDigit(s[i]))
        {
            return false;
        }

        if (s[i] == (byte)'0')
        {
            i++;
        }
        else
        {
            while (i < s.Length && IsDigit(s[i]))
            {
                i++;
            }
        }

        if (i < s.Length && s[i] == (byte)'.')
        {
            i++;
            if (i >= s.Length || !IsDigit(s[i]))
            {
                return false;
            }

            while (i < s.Length && IsDigit(s[i]))
            {
                i++;
            }
        }

        if (i < s.Length && s[i] is (byte)'e' or (byte)'E')
        {
            i++;
            if (i < s.Length && s[i] is (byte)'+' or (byte)'-')
            {
                i++;
            }

            if (i >= s.Length || !IsDigit(s[i]))
            {
                return false;
            }

            while (i < s.Length && IsDigit(s[i]))
            {
                i++;
            }
        }

        pos = i;
        return true;
    }

    private static bool Literal(ReadOnlySpan<byte> s, ref int pos, ReadOnlySpan<byte> literal)
    {
        if (!s[pos..].StartsWith(literal))
        {
            return false;
        }

        pos += literal.Length;
        return true;
    }

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    private static bool IsHex(byte b) => IsDigit(b) || (uint)((b | 0x20) - 'a') <= 5;
}
