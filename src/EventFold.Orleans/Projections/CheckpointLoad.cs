using EventFold.Orleans.Reading;

namespace EventFold.Orleans.Projections;

/// <summary>What loading a projection checkpoint found: a usable state with its cursors, or why there is none.</summary>
internal sealed record CheckpointLoad<TState>(TState? State, Dictionary<StreamKey, StreamCursor>? Cursors, string? RebuildReason)
{
    public bool Found => Cursors is not null;
}
