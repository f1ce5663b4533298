using System.Text;

namespace EventFold.Benchmarks.Core;

/// <summary>
/// Realistic small events: <c>{"type":"deposited","data":{"amount":N},"ts":…,"id":"&lt;uuid&gt;","meta":{"command_id":"…"}}</c>
/// (about 150 bytes a line), and the exact line bytes the writer stores for them.
/// </summary>
public static class SampleEvents
{
    public const ulong Ts = 1764140000;

    /// <summary>Builds <paramref name="count"/> events with amounts 1..100 (deterministic).</summary>
    public static Event[] Create(int count)
    {
        var events = new Event[count];
        for (var i = 0; i < count; i++)
        {
            events[i] = new Event(
                "deposited",
                Encoding.UTF8.GetBytes($"{{\"amount\":{Amount(i)}}}"),
                Ts + (ulong)(i / 1000),
                id: Guid.CreateVersion7().ToString(),
                meta: Encoding.UTF8.GetBytes($"{{\"command_id\":\"{Guid.NewGuid():N}\"}}"));
        }

        return events;
    }

    /// <summary>The amount of event <paramref name="i"/>; its sum over a prefix is easy to check.</summary>
    public static long Amount(int i) => (i % 100) + 1;

    public static long SumOfAmounts(long count)
    {
        long sum = 0;
        for (var i = 0; i < count; i++)
        {
            sum += Amount(i);
        }

        return sum;
    }

    /// <summary>The stored line of each event, LF included: exactly what <see cref="EventWriter.Append"/> writes.</summary>
    public static byte[][] Lines(Event[] events)
    {
        var lines = new byte[events.Length][];
        for (var i = 0; i < events.Length; i++)
        {
            var line = events[i].ToLine();
            var withLf = new byte[line.Length + 1];
            line.CopyTo(withLf, 0);
            withLf[^1] = (byte)'\n';
            lines[i] = withLf;
        }

        return lines;
    }
}
