namespace EventFold.Orleans.Aggregates;

/// <summary>
/// The journaled view of an aggregate grain: the user's state, the number of events folded into it, and the
/// window of recently applied command ids used to make commands idempotent.
/// </summary>
/// <typeparam name="TState">The user's state type.</typeparam>
/// <remarks>
/// The window is folded from the events' <c>meta.command_id</c>, so it survives deactivation and silo restarts
/// (it is rebuilt from the log or loaded with the snapshot). It keeps the most recent
/// <c>EventFoldOptions.IdempotencyWindow</c> command ids; an older id is no longer recognised.
/// </remarks>
[GenerateSerializer, Alias("EventFold.AggregateView`1")]
public sealed class AggregateView<TState>
{
    [NonSerialized]
    private Dictionary<string, ProcessedCommand>? _index;

    /// <summary>The user's state.</summary>
    [Id(0)] public TState State { get; set; } = default!;

    /// <summary>The number of events folded into <see cref="State"/>.</summary>
    [Id(1)] public long Version { get; set; }

    /// <summary>The most recent command ids, oldest first.</summary>
    [Id(2)] public List<ProcessedCommand> RecentCommands { get; set; } = [];

    /// <summary>Finds a command id in the window.</summary>
    /// <param name="commandId">The id to look up.</param>
    /// <param name="processed">Where its events are, when found.</param>
    public bool TryGetCommand(string commandId, out ProcessedCommand processed) => Index.TryGetValue(commandId, out processed!);

    /// <summary>Folds one event: applies it to the state and records its command id.</summary>
    /// <param name="apply">The aggregate's fold.</param>
    /// <param name="event">The event.</param>
    /// <param name="commandId">The command that produced it, if any.</param>
    /// <param name="commandHash">The fingerprint of that command, if known.</param>
    /// <param name="window">How many command ids to keep.</param>
    internal void Fold<TEvent>(Func<TState, TEvent, TState> apply, TEvent @event, string? commandId, string? commandHash, int window)
    {
        State = apply(State, @event);
        if (commandId is not null && window > 0)
        {
            Remember(commandId, commandHash, window);
        }

        Version++;
    }

    /// <summary>Command id → entry, rebuilt lazily (it is neither copied by Orleans nor written to snapshots).</summary>
    private Dictionary<string, ProcessedCommand> Index => _index ??= RecentCommands.ToDictionary(c => c.CommandId, StringComparer.Ordinal);

    private void Remember(string commandId, string? commandHash, int window)
    {
        if (Index.TryGetValue(commandId, out var existing))
        {
            // A further event of the same command: the command's events are contiguous (one batch).
            var grown = existing with { EventCount = existing.EventCount + 1 };
            Index[commandId] = grown;
            RecentCommands[RecentCommands.FindLastIndex(c => c.CommandId == commandId)] = grown;
            return;
        }

        var entry = new ProcessedCommand(commandId, Version, 1, commandHash);
        RecentCommands.Add(entry);
        Index[commandId] = entry;
        if (RecentCommands.Count > window)
        {
            var dropped = RecentCommands.Count - window;
            foreach (var old in RecentCommands.Take(dropped))
            {
                Index.Remove(old.CommandId);
            }

            RecentCommands.RemoveRange(0, dropped);
        }
    }
}
