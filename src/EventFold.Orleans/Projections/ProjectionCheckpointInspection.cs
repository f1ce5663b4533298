using System.Text.Json;
using EventFold.Orleans.Reading;

namespace EventFold.Orleans.Projections;

/// <summary>One stream cursor of a projection checkpoint.</summary>
/// <param name="AggregateType">The stream's aggregate type.</param>
/// <param name="Id">The stream's instance id.</param>
/// <param name="Cursor">Where the projection is in that stream.</param>
public sealed record ProjectionCursorInfo(string AggregateType, string Id, StreamCursor Cursor);

/// <summary>What a projection checkpoint (<c>&lt;base&gt;/projections/&lt;name&gt;/state.json</c> + its cursor journal) holds.</summary>
/// <param name="Name">The projection's name, as saved.</param>
/// <param name="Version">The projection's version, as saved (another version rebuilds at activation).</param>
/// <param name="SavedAt">When it was saved.</param>
/// <param name="CursorsFile">The cursor journal's path.</param>
/// <param name="Cursors">The cursors of the save (the last line of a stream wins).</param>
public sealed record ProjectionCheckpointInfo(string Name, int Version, DateTimeOffset? SavedAt, string CursorsFile, IReadOnlyList<ProjectionCursorInfo> Cursors);

/// <summary>Reads projection checkpoints for tools, with the rules the projection grains use; reads only, takes no lock.</summary>
public static class ProjectionCheckpointInspection
{
    /// <summary>The checkpoint's main file inside a projection's folder.</summary>
    public const string StateFileName = "state.json";

    /// <summary>Reads the checkpoint in <paramref name="directory"/>.</summary>
    /// <param name="directory">The projection's folder, <c>&lt;base&gt;/projections/&lt;name&gt;</c>.</param>
    /// <param name="error">Why it cannot be read (the projection then rebuilds at activation), when it cannot.</param>
    /// <returns>The checkpoint, or <see langword="null"/> when there is none (<paramref name="error"/> null) or it is unreadable.</returns>
    public static ProjectionCheckpointInfo? TryRead(string directory, out string? error)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        error = null;
        var path = Path.Combine(directory, StateFileName);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(ReadNoLock(path));
            var root = document.RootElement;
            var name = root.GetProperty("name").GetString()!;
            var version = root.GetProperty("version").GetInt32();
            var journal = root.GetProperty("cursors_file").GetString()!;
            var length = root.GetProperty("cursors_length").GetInt64();
            DateTimeOffset? savedAt = root.TryGetProperty("saved_at", out var saved) && saved.TryGetInt64(out var seconds)
                ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                : null;
            if (journal.Contains('/') || journal.Contains('\\') || !journal.StartsWith("cursors-", StringComparison.Ordinal))
            {
                error = $"the checkpoint {path} names an invalid cursor file \"{journal}\"";
                return null;
            }

            var journalPath = Path.Combine(directory, journal);
            var cursors = ReadJournal(journalPath, length).Values
                .OrderBy(c => c.AggregateType, StringComparer.Ordinal).ThenBy(c => c.Id, StringComparer.Ordinal)
                .ToList();
            return new ProjectionCheckpointInfo(name, version, savedAt, journalPath, cursors);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException or IOException or OverflowException or ArgumentException)
        {
            error = $"the checkpoint {path} cannot be read: {e.Message}";
            return null;
        }
    }

    // Same rules as ProjectionCheckpointStore's journal reader, but without .NET's implicit shared flock: the projection
    // grain writes the journal under an exclusive one, which a reader's shared lock would make fail.
    private static Dictionary<(string, string), ProjectionCursorInfo> ReadJournal(string path, long length)
    {
        var bytes = ReadNoLock(path);
        if (bytes.Length < length)
        {
            throw new IOException($"the cursor file {path} is {bytes.Length} bytes, shorter than the {length} its checkpoint names");
        }

        var cursors = new Dictionary<(string, string), ProjectionCursorInfo>();
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
                var type = root.GetProperty("t").GetString()!;
                var id = root.GetProperty("i").GetString()!;
                var cursor = new StreamCursor(root.GetProperty("v").GetInt64(), root.GetProperty("o").GetInt64(), root.GetProperty("h").GetString()!);
                cursors[(type, id)] = new ProjectionCursorInfo(type, id, cursor);
            }

            span = span[(lf + 1)..];
        }

        return cursors;
    }

    private static byte[] ReadNoLock(string path)
    {
        using var stream = LogInspection.OpenReadNoLock(path);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
