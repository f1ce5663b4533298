namespace EventFold.Benchmarks.Harness;

/// <summary>
/// Runs a subject and its baseline in alternating rounds (warm-up first), so drift of the machine hits both alike,
/// and returns the median of each.
/// </summary>
public static class SideBySide
{
    /// <summary>Each round returns a value (e.g. events/s); the median per side is returned.</summary>
    public static (double Subject, double Baseline) Run(int rounds, Func<double> subject, Func<double> baseline)
    {
        subject();
        baseline();
        var s = new List<double>(rounds);
        var b = new List<double>(rounds);
        for (var i = 0; i < rounds; i++)
        {
            // Alternate the order so neither side always runs right after the other's disk traffic.
            if (i % 2 == 0)
            {
                s.Add(Clean(subject));
                b.Add(Clean(baseline));
            }
            else
            {
                b.Add(Clean(baseline));
                s.Add(Clean(subject));
            }
        }

        Print(s, b);
        return (Stats.Median(s), Stats.Median(b));
    }

    /// <summary>
    /// Async form for any number of sides: one warm-up round each, then <paramref name="rounds"/> rounds in a rotating
    /// order. Each side gets <see langword="true"/> on measured rounds (so it can keep latencies only from those).
    /// </summary>
    public static async Task<double[]> RunAsync(int rounds, params Func<bool, Task<double>>[] sides)
    {
        foreach (var side in sides)
        {
            await side(false);
        }

        var values = sides.Select(_ => new List<double>(rounds)).ToArray();
        for (var i = 0; i < rounds; i++)
        {
            for (var k = 0; k < sides.Length; k++)
            {
                var index = (i + k) % sides.Length;
                Collect();
                values[index].Add(await sides[index](true));
            }
        }

        Print(values);
        return [.. values.Select(Stats.Median)];
    }

    /// <summary>Starts each measured round from a collected heap, so one side's garbage is not paid by the other.</summary>
    private static double Clean(Func<double> round)
    {
        Collect();
        return round();
    }

    private static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    /// <summary>Shows every measured round, so the spread (noise) is visible next to the medians.</summary>
    private static void Print(params List<double>[] sides) =>
        Console.WriteLine("     rounds: " + string.Join(" | ", sides.Select(v => string.Join(" ", v.Select(ResultRow.Fmt)))));

    /// <summary>Events per second for <paramref name="count"/> operations in <paramref name="elapsed"/>.</summary>
    public static double Rate(long count, TimeSpan elapsed) => count / elapsed.TotalSeconds;
}
