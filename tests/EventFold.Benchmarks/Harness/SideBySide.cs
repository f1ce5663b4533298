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
                s.Add(subject());
                b.Add(baseline());
            }
            else
            {
                b.Add(baseline());
                s.Add(subject());
            }
        }

        return (Stats.Median(s), Stats.Median(b));
    }

    /// <summary>Async form of <see cref="Run"/>.</summary>
    public static async Task<(double Subject, double Baseline)> RunAsync(int rounds, Func<Task<double>> subject, Func<Task<double>> baseline)
    {
        await subject();
        await baseline();
        var s = new List<double>(rounds);
        var b = new List<double>(rounds);
        for (var i = 0; i < rounds; i++)
        {
            if (i % 2 == 0)
            {
                s.Add(await subject());
                b.Add(await baseline());
            }
            else
            {
                b.Add(await baseline());
                s.Add(await subject());
            }
        }

        return (Stats.Median(s), Stats.Median(b));
    }

    /// <summary>Events per second for <paramref name="count"/> operations in <paramref name="elapsed"/>.</summary>
    public static double Rate(long count, TimeSpan elapsed) => count / elapsed.TotalSeconds;
}
