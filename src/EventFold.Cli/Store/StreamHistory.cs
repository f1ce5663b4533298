namespace EventFold.Cli.Store;

/// <summary>Reads a stream's events (archive, then the active log with offsets) and tails it; never takes a lock.</summary>
internal sealed class StreamHistory(string directory)
{
    private readonly EventReader _reader = new(directory);

    /// <summary>Where the next read of the active log starts.</summary>
    public long Offset { get; private set; }

    /// <summary>How many events were read so far.</summary>
    public long Count { get; private set; }

    /// <summary>Every event, in order; afterwards <see cref="Offset"/> is the end of the last one read.</summary>
    public IEnumerable<ShownEvent> ReadAll()
    {
        Count = 0;
        Offset = 0;
        foreach (var record in _reader.ReadFull().TakeWhile(r => r.Archived))
        {
            Count++;
            yield return new ShownEvent(Count, record.Event, record.LineHash, true, null, null);
        }

        foreach (var shown in ReadActive())
        {
            yield return shown;
        }
    }

    /// <summary>Waits for events appended after <see cref="Offset"/> and returns them (empty on timeout).</summary>
    /// <remarks>
    /// A rotation empties <c>app.jsonl</c> (its size drops below <see cref="Offset"/>): the history is read again and the
    /// events already returned are skipped, so none is lost or repeated.
    /// </remarks>
    public async Task<IReadOnlyList<ShownEvent>> NextAsync(TimeSpan timeout, CancellationToken ct)
    {
        if (_reader.ActiveLogSize() < Offset || (Offset > 0 && _reader.ReadLineHashBefore(Offset) is null))
        {
            return Rotated();
        }

        if (await _reader.WaitForEventsAsync(Offset, timeout, ct).ConfigureAwait(false) is null)
        {
            return _reader.ActiveLogSize() < Offset ? Rotated() : [];
        }

        return [.. ReadActive()];
    }

    private List<ShownEvent> Rotated()
    {
        var seen = Count;
        return [.. ReadAll().Where(e => e.Version > seen)];
    }

    private IEnumerable<ShownEvent> ReadActive()
    {
        foreach (var record in _reader.ReadFrom(Offset))
        {
            Count++;
            Offset = record.EndOffset;
            yield return new ShownEvent(Count, record.Event, record.LineHash, false, record.StartOffset, record.EndOffset);
        }
    }
}
