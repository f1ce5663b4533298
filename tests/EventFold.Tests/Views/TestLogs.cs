using System.Text;
using EventFold.Tests.Fixtures;

namespace EventFold.Tests.Views;

/// <summary>Events, views and log directories shared by the view, rotation and property tests.</summary>
internal static class TestLogs
{
    public static Event N(long n, string type = "e", ulong ts = 1000) =>
        new(type, Encoding.UTF8.GetBytes($"{{\"n\":{n}}}"), ts);

    public static long ValueOf(Event e) => e.DataElement().GetProperty("n").GetInt64();

    public static View<ulong> Counter(string viewsDirectory, string name = "counter") =>
        new(name, viewsDirectory, 0UL, (count, _) => count + 1);

    public static View<long> Sum(string viewsDirectory, string name = "sum") =>
        new(name, viewsDirectory, 0L, (sum, e) => sum + ValueOf(e));

    public static void AppendValues(EventWriter writer, params long[] values)
    {
        foreach (long n in values)
        {
            writer.Append(N(n));
        }
    }

    /// <summary>Copies the Rust-made golden log into <paramref name="target"/> as writable files.</summary>
    public static void CopyGoldenLog(string target)
    {
        foreach (string file in Directory.EnumerateFiles(Vectors.GoldenLog, "*", SearchOption.AllDirectories))
        {
            string destination = Path.Combine(target, Path.GetRelativePath(Vectors.GoldenLog, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.WriteAllBytes(destination, File.ReadAllBytes(file));
        }
    }

    /// <summary>Types of every event of the full history, in order.</summary>
    public static List<string> HistoryTypes(EventReader reader) => reader.ReadFull().Select(r => r.Event.Type).ToList();
}
