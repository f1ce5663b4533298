using System.Buffers;
using System.Globalization;
using System.Text.Json;
using EventFold.Orleans.Aggregates;
using EventFold.Orleans.Bus;
using EventFold.Orleans.Commands;
using EventFold.Orleans.Projections;

namespace EventFold.Orleans.ProcessManagers;

/// <summary>
/// The append-only file <c>dead-letters.jsonl</c> of one process manager and the letters it describes. Three kinds of
/// lines: <c>letter</c> (a new dead letter: envelope, error, attempts, timestamps, source), <c>attempt</c> (the letter
/// failed again: new error and attempts) and <c>resolved</c> (a replay got it applied). A letter's state is the fold of
/// its lines; nothing is ever rewritten.
/// </summary>
/// <remarks>
/// Each append is written at the end of the last complete line and fsynced before the letter counts, so a crash leaves at
/// most a torn last line; reading ignores it (a last line without its line feed, or one that does not parse) and cuts it
/// off, so the next append starts on a clean line. A damaged line elsewhere is skipped and counted, never fatal.
/// </remarks>
internal sealed class DeadLetterJournal
{
    public const string FileName = DeadLetterFile.FileName;

    private readonly List<string> _order = [];
    private readonly Dictionary<string, DeadLetter> _letters = new(StringComparer.Ordinal);
    private long _length;

    private DeadLetterJournal(string path) => Path = path;

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>Damaged lines skipped while loading (not counting a torn last line).</summary>
    public int SkippedLines { get; private set; }

    /// <summary>Bytes of a torn last line cut off while loading.</summary>
    public long RepairedBytes { get; private set; }

    /// <summary>Every letter in the order it was first written.</summary>
    public IEnumerable<DeadLetter> All => _order.Select(id => _letters[id]);

    /// <summary>How many letters are not resolved.</summary>
    public int UnresolvedCount { get; private set; }

    /// <summary>The letter with this id, if there is one.</summary>
    public DeadLetter? Find(string letterId) => _letters.GetValueOrDefault(letterId);

    /// <summary>Reads the file in <paramref name="directory"/> (none yet: no letters), cutting off a torn last line.</summary>
    public static DeadLetterJournal Open(string directory)
    {
        var journal = new DeadLetterJournal(System.IO.Path.Combine(directory, FileName));
        journal.Load();
        return journal;
    }

    /// <summary>Records a failed command: a new letter, or an <c>attempt</c> line when its letter already exists (the same command failed again after a restart).</summary>
    public DeadLetter Record(DeadLetter letter)
    {
        if (_letters.TryGetValue(letter.LetterId, out var existing))
        {
            return Attempted(existing.LetterId, letter.ErrorCode, letter.ErrorMessage, letter.ErrorType, existing.Attempts + letter.Attempts, letter.LastAttempt);
        }

        Append(w => WriteLetter(w, letter));
        Apply(letter);
        return letter;
    }

    /// <summary>Records that the letter failed again.</summary>
    public DeadLetter Attempted(string letterId, string code, string message, string type, int attempts, DateTimeOffset at)
    {
        Append(w =>
        {
            w.WriteString("kind", "attempt");
            w.WriteString("id", letterId);
            WriteError(w, code, message, type);
            w.WriteNumber("attempts", attempts);
            w.WriteString("at", at);
        });
        var letter = _letters[letterId] with { ErrorCode = code, ErrorMessage = message, ErrorType = type, Attempts = attempts, LastAttempt = at, ResolvedAt = null };
        Apply(letter);
        return letter;
    }

    /// <summary>Records that a replay got the letter applied.</summary>
    public DeadLetter Resolved(string letterId, int attempts, DateTimeOffset at)
    {
        Append(w =>
        {
            w.WriteString("kind", "resolved");
            w.WriteString("id", letterId);
            w.WriteNumber("attempts", attempts);
            w.WriteString("at", at);
        });
        var letter = _letters[letterId] with { Attempts = attempts, LastAttempt = at, ResolvedAt = at };
        Apply(letter);
        return letter;
    }

    private void Apply(DeadLetter letter)
    {
        if (_letters.TryGetValue(letter.LetterId, out var before))
        {
            UnresolvedCount -= before.Resolved ? 0 : 1;
        }
        else
        {
            _order.Add(letter.LetterId);
        }

        _letters[letter.LetterId] = letter;
        UnresolvedCount += letter.Resolved ? 0 : 1;
    }

    private void Append(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        buffer.Write("\n"u8);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        // Written at the end of the last complete line: a torn tail left by a crash is cut off first.
        DurableReplace.WriteAt(Path, _length, buffer.WrittenSpan);
        _length += buffer.WrittenCount;
    }

    private void Load()
    {
        if (!File.Exists(Path))
        {
            return;
        }

        // One parser with the read-only DeadLetterFile the tools use.
        var contents = DeadLetterFile.Parse(Path, File.ReadAllBytes(Path));
        foreach (var letter in contents.Letters)
        {
            Apply(letter);
        }

        SkippedLines = contents.DamagedLineOffsets.Count;
        _length = contents.CompleteLength;
        if (contents.TornBytes > 0)
        {
            RepairedBytes = contents.TornBytes;
            using var handle = File.OpenHandle(Path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            RandomAccess.SetLength(handle, _length);
            DurableFile.FlushToDisk(handle);
        }
    }

    private static void WriteLetter(Utf8JsonWriter w, DeadLetter letter)
    {
        w.WriteString("kind", "letter");
        w.WriteString("id", letter.LetterId);
        w.WritePropertyName("envelope");
        WriteEnvelope(w, letter.Envelope);
        WriteError(w, letter.ErrorCode, letter.ErrorMessage, letter.ErrorType);
        w.WriteNumber("attempts", letter.Attempts);
        w.WriteString("first_attempt", letter.FirstAttempt);
        w.WriteString("last_attempt", letter.LastAttempt);
        w.WriteStartObject("source");
        w.WriteString("aggregate_type", letter.Source.AggregateType);
        w.WriteString("id", letter.Source.Id);
        w.WriteNumber("version", letter.Source.Version);
        w.WriteEndObject();
    }

    private static void WriteError(Utf8JsonWriter w, string code, string message, string type)
    {
        w.WriteStartObject("error");
        w.WriteString("code", code);
        w.WriteString("message", message);
        w.WriteString("type", type);
        w.WriteEndObject();
    }

    private static void WriteEnvelope(Utf8JsonWriter w, JsonCommandEnvelope envelope)
    {
        var context = envelope.Context ?? CommandContext.None;
        w.WriteStartObject();
        w.WriteString("aggregate_type", envelope.AggregateType);
        w.WriteString("aggregate_id", envelope.AggregateId);
        w.WriteString("command_type", envelope.CommandType);
        w.WriteString("payload", envelope.Payload);
        w.WriteStartObject("context");
        WriteOptional(w, "actor", context.Actor);
        WriteOptional(w, "correlation_id", context.CorrelationId);
        WriteOptional(w, "causation_id", context.CausationId);
        WriteOptional(w, "command_id", context.CommandId);
        if (context.ExpectedVersion is { } expected)
        {
            w.WriteNumber("expected_version", expected);
        }

        if (context.Metadata is { Count: > 0 } metadata)
        {
            w.WriteStartObject("metadata");
            foreach (var (key, value) in metadata)
            {
                w.WriteString(key, value);
            }

            w.WriteEndObject();
        }

        if (context.EventIds is { Length: > 0 } eventIds)
        {
            w.WriteStartArray("event_ids");
            foreach (var eventId in eventIds)
            {
                w.WriteStringValue(eventId);
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }

    /// <summary>For messages: where a line starts.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Path} ({_length} bytes, {_order.Count} letters)");
}
