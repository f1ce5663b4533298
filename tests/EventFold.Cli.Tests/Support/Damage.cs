using System.Text;
using EventFold.Orleans.Store;

namespace EventFold.Cli.Tests.Support;

/// <summary>The corruptions the tests inflict on a copied store.</summary>
public static class Damage
{
    public static string StreamDir(string store, string id) => new StorePaths(store).StreamDirectory("tally", id);

    public static string Log(string store, string id) => Path.Combine(StreamDir(store, id), "app.jsonl");

    public static string Archive(string store, string id) => Path.Combine(StreamDir(store, id), "archive.jsonl.zst");

    public static string Snapshot(string store, string id) => Path.Combine(StreamDir(store, id), "views", "state.snapshot.json");

    /// <summary>Replaces the byte at <paramref name="offset"/> of a JSON line with a character that breaks it.</summary>
    public static void FlipByte(string file, long offset)
    {
        var bytes = File.ReadAllBytes(file);
        bytes[offset] = (byte)'#';
        File.WriteAllBytes(file, bytes);
    }

    /// <summary>Appends half an event line (no LF): a write cut short by a crash.</summary>
    public static long TearTail(string log)
    {
        var length = new FileInfo(log).Length;
        File.AppendAllText(log, "{\"type\":\"tally-added\",\"da", new UTF8Encoding(false));
        return length;
    }

    public static void Truncate(string file, long removeBytes)
    {
        using var stream = new FileStream(file, FileMode.Open);
        stream.SetLength(stream.Length - removeBytes);
    }

    /// <summary>Appends a complete, valid line the aggregate's snapshot knows nothing of... written with the core writer.</summary>
    public static void AppendEvent(string store, string id, string type, string data)
    {
        using var writer = EventWriter.Open(StreamDir(store, id));
        writer.Append(new EventFold.Event(type, Encoding.UTF8.GetBytes(data), 1_764_000_000));
    }
}
