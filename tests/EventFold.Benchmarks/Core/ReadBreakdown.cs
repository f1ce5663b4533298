using System.Diagnostics;
using EventFold.Benchmarks.Harness;

namespace EventFold.Benchmarks.Core;

/// <summary>
/// Stopwatch breakdown of <see cref="EventReader.ReadFrom"/> per line, over the file's bytes already in memory, adding
/// one stage at a time: UTF-8 validation, parsing into an <see cref="Event"/>, the line hash, the fold.
/// </summary>
public static class ReadBreakdown
{
    private enum Stage
    {
        Utf8,
        Parse,
        Hash,
    }

    public static void Run(Options options, ResultTable table, string logPath, long count)
    {
        var bytes = File.ReadAllBytes(logPath);
        var stages = new[] { Stage.Utf8, Stage.Parse, Stage.Hash };
        foreach (var stage in stages)
        {
            var (rate, _) = SideBySide.Run(options.Rounds, () => Pass(bytes, stage, count), () => 0);
            var name = stage switch
            {
                Stage.Utf8 => "split + Utf8.IsValid",
                Stage.Parse => "split + EventLine.TryParse (validates UTF-8, builds the Event)",
                _ => "split + TryParse + LineHash.Compute (all ReadFrom does per line, minus I/O)",
            };
            table.Add(new ResultRow($"3.{(int)stage + 1}", $"breakdown: {name}", rate, "ev/s"));
        }
    }

    private static double Pass(byte[] bytes, Stage stage, long expected)
    {
        var sw = Stopwatch.StartNew();
        ReadOnlySpan<byte> rest = bytes;
        long n = 0, valid = 0;
        int lf;
        while ((lf = rest.IndexOf((byte)'\n')) >= 0)
        {
            var line = rest[..lf];
            switch (stage)
            {
                case Stage.Utf8:
                    valid += System.Text.Unicode.Utf8.IsValid(line) ? 1 : 0;
                    break;
                case Stage.Parse:
                    valid += EventLine.TryParse(line, out _, out _, out _) ? 1 : 0;
                    break;
                default:
                    valid += EventLine.TryParse(line, out _, out _, out _) && LineHash.Compute(line).Length == 16 ? 1 : 0;
                    break;
            }

            n++;
            rest = rest[(lf + 1)..];
        }

        sw.Stop();
        AmountFold.Check($"breakdown {stage}", valid, expected, 0, 0);
        return SideBySide.Rate(n, sw.Elapsed);
    }
}
