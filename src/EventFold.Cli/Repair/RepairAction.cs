namespace EventFold.Cli.Repair;

/// <summary>One fix <c>repair</c> previews or applies.</summary>
/// <param name="Kind"><c>drop-torn-tail</c>, <c>settle-rotation</c>, <c>rebuild-snapshot</c>, <c>rebuild-projection</c> or <c>quarantine-stream</c>.</param>
/// <param name="Target">The stream (<c>type/id</c>) or projection name.</param>
/// <param name="Path">The file or directory it changes.</param>
/// <param name="Description">What it does, for people.</param>
internal sealed record RepairAction(string Kind, string Target, string Path, string Description)
{
    /// <summary><c>planned</c>, <c>done</c> or <c>failed</c>.</summary>
    public string Status { get; set; } = "planned";

    /// <summary>Where a quarantined stream went.</summary>
    public string? Destination { get; set; }

    /// <summary>Why it failed, or what it did in detail.</summary>
    public string? Detail { get; set; }
}
