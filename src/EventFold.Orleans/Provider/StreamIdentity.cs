namespace EventFold.Orleans.Provider;

/// <summary>Which stream an adaptor serves: aggregate type, instance id and log directory.</summary>
internal sealed record StreamIdentity(string AggregateType, string Id, string Directory)
{
    public string SnapshotPath => Path.Combine(LogPaths.Views(Directory), "state.snapshot.json");

    public override string ToString() => $"{AggregateType}/{Id}";
}
