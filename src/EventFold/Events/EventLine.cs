using System.Text.Json;

namespace EventFold;

/// <summary>Serializes events to stored line bytes and parses stored lines (the hot path of every read).</summary>
internal static class EventLine
{
    /// <summary>Nesting accepted in data and meta (serde_json itself stops at 128).</summary>
    internal const int MaxDepth = 256;

    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = MaxDepth + 1 }; // +1: the event object itself

    /// <summary>
    /// Appends the compact line for <paramref name="e"/> (without LF). When <paramref name="batchRest"/> is positive the
    /// batch framing key <c>"batch_rest":N</c> is added as the last top-level key.
    /// </summary>
    internal static void Write(ByteBuffer buffer, Event e, int batchRest)
    {
        buffer.Append("{\"type\":"u8);
        JsonText.WriteString(buffer, e.Type);
        buffer.Append(",\"data\":"u8);
        buffer.Append(e.Data.Span);
        buffer.Append(",\"ts\":"u8);
        buffer.AppendDecimal(e.Ts);
        if (e.Id is { } id)
        {
            buffer.Append(",\"id\":"u8);
            JsonText.WriteString(buffer, id);
        }

        if (e.Actor is { } actor)
        {
            buffer.Append(",\"actor\":"u8);
            JsonText.WriteString(buffer, actor);
        }

        if (e.Meta is { } meta)
        {
            buffer.Append(",\"meta\":"u8);
            buffer.Append(meta.Span);
        }

        if (batchRest > 0)
        {
            buffer.Append(",\"batch_rest\":"u8);
            buffer.AppendDecimal((ulong)batchRest);
        }

        buffer.Append((byte)'}');
    }

    /// <summary>
    /// Parses one stored line. <paramref name="batchRest"/> receives the batch framing count (0 when absent).
    /// Returns <see langword="false"/> with a reason for any invalid line; never throws for bad input.
    /// </summary>
    internal static bool TryParse(ReadOnlySpan<byte> line, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Event? e, out int batchRest, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        e = null;
        batchRest = 0;
        if (line.Length > 0 && line[^1] == (byte)'\r')
        {
            error = "line ends with CR before LF (eventfold never writes CR)";
            return false;
        }

        if (!System.Text.Unicode.Utf8.IsValid(line))
        {
            error = "line is not valid UTF-8";
            return false;
        }

        if (CanonicalLineParser.TryParse(line, out e, out batchRest) && e is not null)
        {
            error = null;
            return true;
        }

        return TryParseGeneral(line, out e, out batchRest, out error);
    }

    /// <summary>The general path: any key order, unknown keys, whitespace; all validation and error reasons.</summary>
    internal static bool TryParseGeneral(ReadOnlySpan<byte> line, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Event? e, out int batchRest, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        e = null;
        batchRest = 0;
        try
        {
            return TryParseJson(line, out e, out batchRest, out error);
        }
        catch (JsonException ex)
        {
            error = $"invalid JSON: {ex.Message}";
            return false;
        }
        catch (InvalidOperationException ex)
        {
            error = $"invalid JSON string: {ex.Message}";
            return false;
        }
    }

    private static bool TryParseJson(ReadOnlySpan<byte> line, out Event? e, out int batchRest, out string? error)
    {
        e = null;
        batchRest = 0;
        var reader = new Utf8JsonReader(line, ReaderOptions);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            error = "line is not a JSON object";
            return false;
        }

        string? type = null, id = null, actor = null;
        ulong ts = 0;
        bool hasTs = false, hasData = false, hasId = false, hasActor = false, hasMeta = false;
        int dataStart = 0, dataEnd = 0, metaStart = -1, metaEnd = -1;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                if (type is not null || !reader.Read() || reader.TokenType != JsonTokenType.String)
                {
                    error = type is null ? "\"type\" must be a string" : "duplicate key \"type\"";
                    return false;
                }

                type = TypeNameCache.Get(ref reader);
            }
            else if (reader.ValueTextEquals("data"u8))
            {
                if (hasData)
                {
                    error = "duplicate key \"data\"";
                    return false;
                }

                hasData = true;
                (dataStart, dataEnd) = ValueRange(ref reader);
            }
            else if (reader.ValueTextEquals("ts"u8))
            {
                if (hasTs)
                {
                    error = "duplicate key \"ts\"";
                    return false;
                }

                reader.Read();
                if (reader.TokenType != JsonTokenType.Number || !reader.TryGetUInt64(out ts))
                {
                    error = "\"ts\" must be a non-negative integer that fits in 64 bits";
                    return false;
                }

                hasTs = true;
            }
            else if (reader.ValueTextEquals("id"u8) || reader.ValueTextEquals("actor"u8))
            {
                bool isId = reader.ValueTextEquals("id"u8);
                if (isId ? hasId : hasActor)
                {
                    error = isId ? "duplicate key \"id\"" : "duplicate key \"actor\"";
                    return false;
                }

                reader.Read();
                if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.Null))
                {
                    error = isId ? "\"id\" must be a string or null" : "\"actor\" must be a string or null";
                    return false;
                }

                string? value = reader.TokenType == JsonTokenType.Null ? null : reader.GetString();
                if (isId)
                {
                    (hasId, id) = (true, value);
                }
                else
                {
                    (hasActor, actor) = (true, value);
                }
            }
            else if (reader.ValueTextEquals("meta"u8))
            {
                if (hasMeta)
                {
                    error = "duplicate key \"meta\"";
                    return false;
                }

                hasMeta = true;
                (metaStart, metaEnd) = ValueRange(ref reader);
                if (line[metaStart..metaEnd].SequenceEqual("null"u8))
                {
                    metaStart = -1;
                }
            }
            else if (reader.ValueTextEquals("batch_rest"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out int n) && n > 0)
                {
                    batchRest = n;
                }
                else
                {
                    reader.Skip();
                }
            }
            else
            {
                reader.Skip();
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
        {
            error = "line is not a single JSON object";
            return false;
        }

        if (type is null || !hasData || !hasTs)
        {
            error = type is null ? "missing \"type\"" : !hasData ? "missing \"data\"" : "missing \"ts\"";
            return false;
        }

        // One copy of the line backs both payload slices.
        byte[] stored = line.ToArray();
        ReadOnlyMemory<byte>? meta = metaStart >= 0 ? stored.AsMemory(metaStart, metaEnd - metaStart) : (ReadOnlyMemory<byte>?)null;
        e = Event.FromStored(type, stored.AsMemory(dataStart, dataEnd - dataStart), ts, id, actor, meta);
        error = null;
        return true;
    }

    /// <summary>Moves past one value and returns its byte range in the line.</summary>
    private static (int Start, int End) ValueRange(ref Utf8JsonReader reader)
    {
        reader.Read();
        int start = (int)reader.TokenStartIndex;
        reader.Skip();
        return (start, (int)reader.BytesConsumed);
    }
}
