using System.Globalization;
using System.Text;

namespace EventFold.Benchmarks.Harness;

/// <summary>One measured row: the subject, its baseline from the same run, the ratio and the target.</summary>
/// <param name="Id">Row number and letter, e.g. <c>1a</c>.</param>
/// <param name="Name">What is measured.</param>
/// <param name="Value">The subject's median.</param>
/// <param name="Unit">Unit of <paramref name="Value"/> and <paramref name="BaselineValue"/>.</param>
/// <param name="Baseline">What the baseline is, or <see langword="null"/> for information rows.</param>
/// <param name="BaselineValue">The baseline's median.</param>
/// <param name="MinRatio">Target: subject/baseline at least this (higher is better units).</param>
/// <param name="MinValue">Target: subject at least this.</param>
/// <param name="LowerIsBetter">For times: the ratio is still subject/baseline, but reads as "x slower".</param>
/// <param name="Note">Extra explanation shown after the name.</param>
/// <param name="PairedRatio">Median of the per-round subject/baseline ratios, when the rounds were paired.</param>
/// <param name="MaxValue">Target: subject at most this (times, lag).</param>
/// <param name="MaxRatio">Target: subject/baseline at most this (times).</param>
public sealed record ResultRow(
    string Id,
    string Name,
    double Value,
    string Unit,
    string? Baseline = null,
    double BaselineValue = double.NaN,
    double? MinRatio = null,
    double? MinValue = null,
    bool LowerIsBetter = false,
    string? Note = null,
    double? PairedRatio = null,
    double? MaxValue = null,
    double? MaxRatio = null)
{
    /// <summary>The median of per-round ratios when the sides ran interleaved, else the ratio of the medians.</summary>
    public double Ratio => PairedRatio ?? Value / BaselineValue;

    public string Verdict
    {
        get
        {
            if (MinRatio is null && MinValue is null && MaxValue is null && MaxRatio is null)
            {
                return "info";
            }

            var ok = (MinRatio is not { } r || Ratio >= r) && (MinValue is not { } v || Value >= v)
                && (MaxRatio is not { } mr || Ratio <= mr) && (MaxValue is not { } mv || Value <= mv);
            return ok ? "MET" : "MISSED";
        }
    }

    public string Target => MaxValue is { } max ? $"<= {Fmt(max)}" : MaxRatio is { } maxRatio ? $"<= {maxRatio:0.##}x" : (MinRatio, MinValue) switch
    {
        ({ } r, null) => $">= {r:0.##}x",
        (null, { } v) => $">= {Fmt(v)}",
        ({ } r, { } v) => $">= {r:0.##}x, >= {Fmt(v)}",
        _ => "",
    };

    internal static string Fmt(double v) => double.IsNaN(v) ? "-" : v switch
    {
        >= 1e6 => (v / 1e6).ToString("0.00", CultureInfo.InvariantCulture) + "M",
        >= 1e4 => (v / 1e3).ToString("0.0", CultureInfo.InvariantCulture) + "k",
        >= 100 => v.ToString("0", CultureInfo.InvariantCulture),
        >= 1 => v.ToString("0.00", CultureInfo.InvariantCulture),
        _ => v.ToString("0.000", CultureInfo.InvariantCulture),
    };
}

/// <summary>Collects rows and prints them as a Markdown table (pasteable into the README).</summary>
public sealed class ResultTable
{
    private readonly List<ResultRow> _rows = [];

    public void Add(ResultRow row)
    {
        _rows.Add(row);
        Console.WriteLine($"  -> {row.Id} {row.Name}: {ResultRow.Fmt(row.Value)} {row.Unit}"
            + (row.Baseline is null ? "" : $" | {row.Baseline}: {ResultRow.Fmt(row.BaselineValue)} | ratio {row.Ratio:0.00}x")
            + (row.Verdict == "info" ? "" : $" [{row.Verdict} {row.Target}]"));
    }

    public string Render()
    {
        var sb = new StringBuilder();
        sb.AppendLine("| # | measured | value | baseline (same run) | baseline value | ratio | target | verdict |");
        sb.AppendLine("|---|---|---:|---|---:|---:|---|---|");
        foreach (var r in _rows)
        {
            var ratio = r.Baseline is null ? "" : r.Ratio.ToString("0.00", CultureInfo.InvariantCulture) + "x";
            var name = r.Note is null ? r.Name : $"{r.Name} ({r.Note})";
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {r.Id} | {name} | {ResultRow.Fmt(r.Value)} {r.Unit} | {r.Baseline ?? ""} | {(r.Baseline is null ? "" : ResultRow.Fmt(r.BaselineValue) + " " + r.Unit)} | {ratio} | {r.Target} | {r.Verdict} |");
        }

        return sb.ToString();
    }
}
