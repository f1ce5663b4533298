using System.Buffers;
using System.Text.Json;
using EventFold.Orleans.Reading;

namespace EventFold.Orleans.Projections;

/// <summary>
/// The durable checkpoint of one projection in <c>&lt;base&gt;/projections/&lt;name&gt;/</c>: <c>state.json</c> (name,
/// version, state, and which cursor journal up to which length belongs to it) plus <c>cursors-&lt;n&gt;.jsonl</c>.
/// </summary>
/// <remarks>
/// <para>Cheap with many streams: a save appends only the cursors that moved since the last save to the cursor journal
/// (one line per stream, the last line of a stream wins) and then replaces <c>state.json</c>. When the journal holds
/// more than twice as many lines as there are streams, the save writes a fresh journal with one line per stream.</para>
/// <para>Atomic: <c>state.json</c> is replaced with temp file, fsync, rename and directory fsync, and it names the journal
/// length that belongs to it, so journal lines of a save that crashed before its <c>state.json</c> are ignored (and cut off by
/// the next save). State and cursors therefore always come from the same save.</para>
/// </remarks>
internal sealed class ProjectionCheckpointStore(string directory, string name, int version, JsonSerializerOptions json, int compactAfterExtraLines = 1024)
{
    private const string StateFile = "state.json";

    private string? _journal;
    private long _journalLength;
    private long _journalLines;
    private int _generation;

    /// <summary>The projection's folder.</summary>
    public string Directory { get; } = directory;

    /// <summary>Reads the checkpoint; a missing, unreadable or other-version one comes back with the reason to rebuild.</summary>
    public CheckpointLoad<TState> Load<TState>()
    {
        var path = Path.Combine(Directory, StateFile);
        if (!File.Exists(path))
        {
            return new CheckpointLoad<TState>(default, null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            var storedVersion = root.GetProperty("version").GetInt32();
            if (storedVersion != version || root.GetProperty("name").GetString() != name)
            {
                return new CheckpointLoad<TState>(default, null, $"the checkpoint is of version {storedVersion}, the projection is version {version}");
            }

            var journal = root.GetProperty("cursors_file").GetString()!;
            var length = root.GetProperty("cursors_length").GetInt64();
            if (journal.Contains('/') || journal.Contains('\\') || !journal.StartsWith("cursors-", StringComparison.Ordinal))
            {
                return new CheckpointLoad<TState>(default, null, $"the checkpoint names an invalid cursor file \"{journal}\"");
            }

            var state = root.GetProperty("state").Deserialize<TState>(json);
            var cursors = ReadJournal(Path.Combine(Directory, journal), length, out var lines);
            _journal = journal;
            _journalLength = length;
            _journalLines = lines;
            _generation = int.Parse(journal["cursors-".Length..^".jsonl".Length], System.Globalization.CultureInfo.InvariantCulture);
            return new CheckpointLoad<TState>(state, cursors, null);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException or IOException or OverflowException or ArgumentException)
        {
            return new CheckpointLoad<TState>(default, null, $"the checkpoint {path} cannot be read: {e.Message}");
        }
    }

    /// <summary>Saves <paramref name="state"/> with the cursors: only <paramref name="dirty"/> ones are appended, unless the journal is compacted.</summary>
    public void Save<TState>(TState state, IReadOnlyDictionary<StreamKey, StreamCursor> all, IEnumerable<StreamKey> dirty)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var previous = _journal;
        if (_journal is null || _journalLines > (2L * all.Count) + compactAfterExtraLines)
        {
            _generation++;
            var fresh = $"cursors-{_generation}.jsonl";
            var bytes = Lines(all.Keys, all);
            DurableReplace.WriteAt(Path.Combine(Directory, fresh), 0, bytes); // creates the file: fsyncs the directory too
            (_journal, _journalLength, _journalLines) = (fresh, bytes.Length, all.Count);
        }
        else
        {
            var keys = dirty.ToList();
            if (keys.Count > 0)
            {
                var bytes = Lines(keys, all);
                DurableReplace.WriteAt(Path.Combine(Directory, _journal), _journalLength, bytes);
                _journalLength += bytes.Length;
                _journalLines += keys.Count;
            }

            previous = null;
        }

        DurableFile.ReplaceAtomically(Path.Combine(Directory, StateFile), StateBytes(state));
        if (previous is not null && previous != _journal)
        {
            File.Delete(Path.Combine(Directory, previous));
        }
    }

    /// <summary>Removes the checkpoint (a rebuild starts from nothing).</summary>
    public void Delete()
    {
        if (System.IO.Directory.Exists(Directory))
        {
            File.Delete(Path.Combine(Directory, StateFile));
            foreach (var file in System.IO.Directory.EnumerateFiles(Directory, "cursors-*.jsonl"))
            {
                File.Delete(file);
            }

            DirectorySync.Flush(Directory);
        }

        _journal = null;
        _journalLength = 0;
        _journalLines = 0;
    }

    private byte[] StateBytes<TState>(TState state)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("name", name);
            writer.WriteNumber("version", version);
            writer.WriteString("cursors_file", _journal);
            writer.WriteNumber("cursors_length", _journalLength);
            writer.WriteNumber("saved_at", DateTimeOffset.UtcNow.ToUnixTimeSeconds());
            writer.WritePropertyName("state");
            JsonSerializer.Serialize(writer, state, json);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static byte[] Lines(IEnumerable<StreamKey> keys, IReadOnlyDictionary<StreamKey, StreamCursor> all)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using var writer = new Utf8JsonWriter(buffer);
        foreach (var key in keys)
        {
            var cursor = all[key];
            writer.WriteStartObject();
            writer.WriteString("t", key.AggregateType);
            writer.WriteString("i", key.Id);
            writer.WriteNumber("v", cursor.Version);
            writer.WriteNumber("o", cursor.Offset);
            writer.WriteString("h", cursor.Hash);
            writer.WriteEndObject();
            writer.Flush();
            buffer.Write("\n"u8);
            writer.Reset(buffer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static Dictionary<StreamKey, StreamCursor> ReadJournal(string path, long length, out long lines)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < length)
        {
            throw new IOException($"the cursor file {path} is {bytes.Length} bytes, shorter than the {length} its checkpoint names");
        }

        var cursors = new Dictionary<StreamKey, StreamCursor>();
        lines = 0;
        var span = bytes.AsSpan(0, (int)length);
        while (!span.IsEmpty)
        {
            var lf = span.IndexOf((byte)'\n');
            if (lf < 0)
            {
                throw new IOException($"the cursor file {path} ends without a line feed inside its committed length");
            }

            using (var line = JsonDocument.Parse(span[..lf].ToArray()))
            {
                var root = line.RootElement;
                var key = new StreamKey(root.GetProperty("t").GetString()!, root.GetProperty("i").GetString()!);
                cursors[key] = new StreamCursor(root.GetProperty("v").GetInt64(), root.GetProperty("o").GetInt64(), root.GetProperty("h").GetString()!);
            }

            lines++;
            span = span[(lf + 1)..];
        }

        return cursors;
    }
}
