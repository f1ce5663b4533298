namespace EventFold.Benchmarks.Harness;

/// <summary>Command line: <c>[--quick] [--rows=G1,G5] [--alloc-types] [core|orleans|projections|groupcommit|bus|sagas]</c>.</summary>
public sealed record Options(bool Quick, bool Core, bool Orleans, bool Projections, bool GroupCommit = false, bool Bus = false, bool Sagas = false)
{
    public static Options Parse(string[] args)
    {
        var quick = args.Contains("--quick");
        var rows = args.FirstOrDefault(a => a.StartsWith("--rows=", StringComparison.Ordinal))?["--rows=".Length..]
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var filters = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).Select(a => a.ToLowerInvariant()).ToArray();
        foreach (var f in filters)
        {
            if (f is not ("core" or "orleans" or "projections" or "groupcommit" or "bus" or "sagas"))
            {
                throw new ArgumentException($"Unknown filter '{f}'. Usage: [--quick] [core|orleans|projections|groupcommit|bus|sagas]");
            }
        }

        var all = filters.Length == 0;
        return new Options(quick, all || filters.Contains("core"), all || filters.Contains("orleans"), all || filters.Contains("projections"))
        {
            GroupCommit = all || filters.Contains("groupcommit"),
            Bus = all || filters.Contains("bus"),
            Sagas = all || filters.Contains("sagas"),
            Rows = rows,
            AllocationTypes = args.Contains("--alloc-types"),
        };
    }

    /// <summary>Only these row groups (e.g. <c>G1</c>), when given; a quick look at one row while working on it.</summary>
    public string[]? Rows { get; init; }

    /// <summary>Print the most allocated types of the EventFold side of G3/G4 (slows those rows down).</summary>
    public bool AllocationTypes { get; init; }

    /// <summary>Whether the row group <paramref name="row"/> runs.</summary>
    public bool Runs(string row) => Rows is null || Rows.Contains(row, StringComparer.OrdinalIgnoreCase);

    /// <summary>Picks the full or the quick count.</summary>
    public int Count(int full, int quick) => Quick ? quick : full;

    /// <summary>Measured rounds (after one warm-up round).</summary>
    public int Rounds => Quick ? 3 : 5;
}
