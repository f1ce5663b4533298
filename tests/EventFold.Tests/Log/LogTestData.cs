using System.Text;

namespace EventFold.Tests.Log;

internal static class LogTestData
{
    /// <summary>The events a..e of the golden run (format §9): type letter, data {"n":i+1}, ts 1000+i.</summary>
    public static Event Golden(int i) =>
        new(((char)('a' + i)).ToString(), Encoding.UTF8.GetBytes($"{{\"n\":{i + 1}}}"), (ulong)(1000 + i));

    public static Event Numbered(int n, string type = "n") => new(type, Encoding.UTF8.GetBytes($"{{\"i\":{n}}}"), (ulong)n);

    public static Event Sized(int payloadChars, int n = 0) =>
        new("big", Encoding.UTF8.GetBytes($"{{\"s\":\"{new string((char)('a' + (n % 26)), payloadChars)}\"}}"), (ulong)n);

    public static int DataInt(this Event e, string name = "i") => e.DataElement().GetProperty(name).GetInt32();

    public static void AppendRaw(string path, string text) => AppendRaw(path, Encoding.UTF8.GetBytes(text));

    public static void AppendRaw(string path, byte[] bytes)
    {
        using var handle = UnixNative.OpenOrCreateReadWrite(path);
        RandomAccess.Write(handle, bytes, RandomAccess.GetLength(handle));
    }

    /// <summary>Reads a file without .NET's implicit shared flock (which fails while a writer holds the lock).</summary>
    public static byte[] ReadAllBytes(string path)
    {
        using var stream = DurableFile.OpenReadNoLock(path);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>Contract tests run under every durability setting.</summary>
    public static TheoryData<Durability> Durabilities => new() { Durability.Durable, Durability.Buffered };

    public static EventWriterOptions With(Durability durability) => new() { Durability = durability };

    public static EventWriterOptions NoLock => new() { LockMode = LockMode.None };
}
