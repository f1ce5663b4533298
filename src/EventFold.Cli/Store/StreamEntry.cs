namespace EventFold.Cli.Store;

/// <summary>One stream of the store, as the registry and the directories know it.</summary>
/// <param name="AggregateType">The aggregate type name (its folder under <c>streams/</c>).</param>
/// <param name="Id">The decoded instance id.</param>
/// <param name="Directory">The stream's log directory.</param>
/// <param name="Registered">Whether <c>meta/streams.jsonl</c> has a line for it.</param>
/// <param name="OnDisk">Whether its directory exists.</param>
internal sealed record StreamEntry(string AggregateType, string Id, string Directory, bool Registered, bool OnDisk)
{
    /// <summary><c>type/id</c>, as shown to users.</summary>
    public string Name => $"{AggregateType}/{Id}";
}
