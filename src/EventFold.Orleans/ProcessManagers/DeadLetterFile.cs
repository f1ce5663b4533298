using System.Text.Json;
using EventFold.Orleans.Aggregates;
using EventFold.Orleans.Bus;
using EventFold.Orleans.Commands;

namespace EventFold.Orleans.ProcessManagers;

/// <summary>
/// Read-only access to a process manager's <c>dead-letters.jsonl</c> for tools (the <c>eventfold</c> command line): the
/// runtime's own line parser, opening the file without any lock so it works beside a running app. Writes nothing.
/// </summary>
public static class DeadLetterFile
{
    /// <summary>The file's name inside <c>&lt;base&gt;/process-managers/&lt;name&gt;/</c>.</summary>
    public const string FileName = "dead-letters.jsonl";

    /// <summary>Reads the dead letters in <paramref name="managerDirectory"/> without taking a lock and without cutting off a torn last line.</summary>
    /// <param name="managerDirectory">The manager's folder, <c>&lt;base&gt;/process-managers/&lt;name&gt;</c>.</param>
    /// <returns>The letters and what does not parse; no letters when the file does not exist.</returns>
    /// <exception cref="IOException">The file exists but cannot be read.</exception>
    public static DeadLetterFileContents Read(string managerDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(managerDirectory);
        var path = Path.Combine(managerDirectory, FileName);
        if (!File.Exists(path))
        {
            return new DeadLetterFileContents(path, [], [], 0, 0);
        }

        using var stream = DurableFile.OpenReadNoLock(path);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return Parse(path, copy.GetBuffer().AsSpan(0, (int)copy.Length));
    }

    /// <summary>
    /// The runtime's parser: folds the lines in order; a last line without its line feed, or one that does not parse, is
    /// torn; a damaged line elsewhere is skipped and its offset recorded.
    /// </summary>
    internal static DeadLetterFileContents Parse(string path, ReadOnlySpan<byte> bytes)
    {
        var order = new List<string>();
        var letters = new Dictionary<string, DeadLetter>(StringComparer.Ordinal);
        var damaged = new List<long>();
        long offset = 0;
        while (offset < bytes.Length)
        {
            var rest = bytes[(int)offset..];
            var lf = rest.IndexOf((byte)'\n');
            if (lf < 0)
            {
                break; // torn: the crash came before the line feed
            }

            var isLast = offset + lf + 1 == bytes.Length;
            var letter = TryParseLine(rest[..lf], letters);
            if (letter is null)
            {
                if (isLast)
                {
                    break; // a last line that does not parse is torn too
                }

                damaged.Add(offset);
            }
            else
            {
                if (!letters.ContainsKey(letter.LetterId))
                {
                    order.Add(letter.LetterId);
                }

                letters[letter.LetterId] = letter;
            }

            offset += lf + 1;
        }

        return new DeadLetterFileContents(path, [.. order.Select(id => letters[id])], damaged, offset, bytes.Length - offset);
    }

    // The letter as it stands after this line, or null when the line does not parse (or names a letter not written before it).
    private static DeadLetter? TryParseLine(ReadOnlySpan<byte> line, IReadOnlyDictionary<string, DeadLetter> letters)
    {
        try
        {
            using var document = JsonDocument.Parse(line.ToArray());
            var root = document.RootElement;
            var id = root.GetProperty("id").GetString()!;
            switch (root.GetProperty("kind").GetString())
            {
                case "letter":
                    var error = root.GetProperty("error");
                    var source = root.GetProperty("source");
                    return new DeadLetter
                    {
                        LetterId = id,
                        Envelope = ReadEnvelope(root.GetProperty("envelope")),
                        ErrorCode = error.GetProperty("code").GetString()!,
                        ErrorMessage = error.GetProperty("message").GetString()!,
                        ErrorType = error.GetProperty("type").GetString()!,
                        Attempts = root.GetProperty("attempts").GetInt32(),
                        FirstAttempt = root.GetProperty("first_attempt").GetDateTimeOffset(),
                        LastAttempt = root.GetProperty("last_attempt").GetDateTimeOffset(),
                        Source = new StreamPosition(source.GetProperty("aggregate_type").GetString()!, source.GetProperty("id").GetString()!, source.GetProperty("version").GetInt64()),
                    };
                case "attempt" when letters.TryGetValue(id, out var failed):
                    var again = root.GetProperty("error");
                    return failed with
                    {
                        ErrorCode = again.GetProperty("code").GetString()!,
                        ErrorMessage = again.GetProperty("message").GetString()!,
                        ErrorType = again.GetProperty("type").GetString()!,
                        Attempts = root.GetProperty("attempts").GetInt32(),
                        LastAttempt = root.GetProperty("at").GetDateTimeOffset(),
                        ResolvedAt = null,
                    };
                case "resolved" when letters.TryGetValue(id, out var resolved):
                    var at = root.GetProperty("at").GetDateTimeOffset();
                    return resolved with { Attempts = root.GetProperty("attempts").GetInt32(), LastAttempt = at, ResolvedAt = at };
                default:
                    return null;
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException or ArgumentException)
        {
            return null;
        }
    }

    private static JsonCommandEnvelope ReadEnvelope(JsonElement e)
    {
        var c = e.GetProperty("context");
        return new JsonCommandEnvelope
        {
            AggregateType = e.GetProperty("aggregate_type").GetString()!,
            AggregateId = e.GetProperty("aggregate_id").GetString()!,
            CommandType = e.GetProperty("command_type").GetString()!,
            Payload = e.GetProperty("payload").GetString()!,
            Context = new CommandContext
            {
                Actor = Optional(c, "actor"),
                CorrelationId = Optional(c, "correlation_id"),
                CausationId = Optional(c, "causation_id"),
                CommandId = Optional(c, "command_id"),
                ExpectedVersion = c.TryGetProperty("expected_version", out var v) ? v.GetInt64() : null,
                Metadata = c.TryGetProperty("metadata", out var m) ? m.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal) : null,
                EventIds = c.TryGetProperty("event_ids", out var ids) ? [.. ids.EnumerateArray().Select(i => i.GetString()!)] : null,
            },
        };
    }

    private static string? Optional(JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
