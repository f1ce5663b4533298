using System.Text.Json;
using System.Text.Unicode;

namespace EventFold;

/// <summary>Reads, writes and deletes view snapshot files (<c>views/&lt;name&gt;.snapshot.json</c>).</summary>
/// <remarks>
/// <para>
/// Format: the output of Rust's <c>serde_json::to_string_pretty</c> for <c>{state, offset, hash}</c> — keys in that
/// order, two-space indent, <c>": "</c> after keys, LF line breaks, no trailing newline. Files written by the Rust
/// crate load here and vice versa. The state is serialized with System.Text.Json and laid out the way serde_json would
/// lay it out (serde's minimal string escaping, raw non-ASCII); numbers keep System.Text.Json's text.
/// </para>
/// <para>
/// Differences from Rust: <see cref="Save{T}"/> also fsyncs the directory after the rename, so a completed save
/// survives power loss; <see cref="TryLoad{T}"/> returns <see langword="null"/> for a file that is not valid UTF-8,
/// where Rust fails with an I/O error (a snapshot is only a cache, so an unreadable one just means a full replay).
/// </para>
/// </remarks>
public static class SnapshotFile
{
    private const string TmpSuffix = ".tmp";

    /// <summary>Loads a snapshot, or returns <see langword="null"/> when there is no usable one.</summary>
    /// <typeparam name="T">The view's state type.</typeparam>
    /// <param name="path">The snapshot file.</param>
    /// <param name="o">Serializer options for the state.</param>
    /// <returns>
    /// The snapshot; <see langword="null"/> when the file is missing, not valid UTF-8, not JSON (garbage, truncated),
    /// not an object with exactly one each of <c>state</c>, <c>offset</c> (a non-negative integer that fits a
    /// <see cref="long"/>) and <c>hash</c> (a string), or when <c>state</c> does not deserialize into
    /// <typeparamref name="T"/>. Unknown extra keys are ignored. A stray <c>.tmp</c> file is never read.
    /// </returns>
    /// <remarks>Only checks the file itself; whether the snapshot still matches the log is the view's job.</remarks>
    public static Snapshot<T>? TryLoad<T>(string path, JsonSerializerOptions? o = null)
    {
        byte[]? bytes = ReadAllOrNull(path);
        if (bytes is null || !Utf8.IsValid(bytes))
        {
            return null;
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(bytes);
            return FromElement<T>(document.RootElement, o);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Writes a snapshot atomically and durably.</summary>
    /// <typeparam name="T">The view's state type.</typeparam>
    /// <param name="path">The snapshot file; its directory must exist.</param>
    /// <param name="s">The snapshot.</param>
    /// <param name="o">Serializer options for the state.</param>
    /// <remarks>
    /// Writes <c>&lt;path&gt;.tmp</c>, flushes it to disk (fdatasync), renames it over <paramref name="path"/> and fsyncs
    /// the directory. A crash leaves either the old file or the new one, never a mix; a leftover <c>.tmp</c> is ignored
    /// by readers and overwritten by the next save (or removed by <see cref="DeleteStaleTemporary"/>). A save that fails
    /// removes its <c>.tmp</c> before the exception propagates.
    /// </remarks>
    /// <exception cref="ArgumentException">The offset is negative, or a string in the state holds an unpaired surrogate (not representable in UTF-8).</exception>
    public static void Save<T>(string path, Snapshot<T> s, JsonSerializerOptions? o = null)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentOutOfRangeException.ThrowIfNegative(s.Offset);
        ArgumentNullException.ThrowIfNull(s.Hash);
        DurableFile.ReplaceAtomically(path, Serialize(s, o));
    }

    /// <summary>Removes a <c>.tmp</c> file left behind by a save that crashed; does nothing when there is none.</summary>
    /// <param name="path">The snapshot file (not the <c>.tmp</c>).</param>
    /// <remarks>
    /// Best effort, and only for the process that saves this snapshot: a save running concurrently in another process
    /// would fail its rename (and report that) rather than leave a wrong file.
    /// </remarks>
    public static void DeleteStaleTemporary(string path) => TryDelete(path + TmpSuffix);

    /// <summary>Removes the snapshot and its <c>.tmp</c> sibling; does nothing for files that do not exist.</summary>
    /// <param name="path">The snapshot file.</param>
    /// <remarks>Not fsynced: a deletion lost in a crash brings back a snapshot that views verify before use.</remarks>
    public static void Delete(string path)
    {
        DeleteIfPresent(path);
        DeleteIfPresent(path + TmpSuffix);
    }

    /// <summary>The exact bytes <see cref="Save{T}"/> writes.</summary>
    internal static byte[] Serialize<T>(Snapshot<T> s, JsonSerializerOptions? o)
    {
        var output = new ByteBuffer();
        output.Append((byte)'{');
        SerdePrettyJson.WriteNewLine(output, 1);
        output.Append("\"state\": "u8);
        using (JsonDocument state = JsonSerializer.SerializeToDocument(s.State, o))
        {
            SerdePrettyJson.WriteValue(output, state.RootElement, 1);
        }

        output.Append((byte)',');
        SerdePrettyJson.WriteNewLine(output, 1);
        output.Append("\"offset\": "u8);
        output.AppendDecimal((ulong)s.Offset);
        output.Append((byte)',');
        SerdePrettyJson.WriteNewLine(output, 1);
        output.Append("\"hash\": "u8);
        JsonText.WriteString(output, s.Hash);
        output.Append("\n}"u8);
        return output.Span.ToArray();
    }

    private static Snapshot<T>? FromElement<T>(JsonElement root, JsonSerializerOptions? o)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        JsonElement? state = null, offset = null, hash = null;
        foreach (JsonProperty property in root.EnumerateObject())
        {
            ref JsonElement? slot = ref state;
            switch (property.Name)
            {
                case "state": slot = ref state; break;
                case "offset": slot = ref offset; break;
                case "hash": slot = ref hash; break;
                default: continue;
            }

            if (slot is not null)
            {
                return null; // serde rejects a duplicated field
            }

            slot = property.Value;
        }

        if (state is null
            || offset is not { ValueKind: JsonValueKind.Number } offsetValue || !offsetValue.TryGetInt64(out long offsetNumber) || offsetNumber < 0
            || hash is not { ValueKind: JsonValueKind.String } hashValue)
        {
            return null;
        }

        T value = state.Value.Deserialize<T>(o)!;
        return new Snapshot<T>(value, offsetNumber, hashValue.GetString()!);
    }

    private static byte[]? ReadAllOrNull(string path)
    {
        try
        {
            using FileStream stream = DurableFile.OpenReadNoLock(path);
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    private static void DeleteIfPresent(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
