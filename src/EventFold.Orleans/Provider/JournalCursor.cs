namespace EventFold.Orleans.Provider;

/// <summary>A journal's confirmed position: the folded view, how many events it holds, and where the active log continues.</summary>
internal sealed class JournalCursor<TView>(TView view)
{
    /// <summary>The confirmed view.</summary>
    public TView View { get; set; } = view;

    /// <summary>The number of events folded into <see cref="View"/>, archived ones included.</summary>
    public int Version { get; set; }

    /// <summary>The byte offset in <c>app.jsonl</c> just after the last folded line.</summary>
    public long Offset { get; set; }

    /// <summary>The line hash of the last folded line of the active log, or "" at its start.</summary>
    public string Hash { get; set; } = "";

    /// <summary>The committed size of <c>archive.jsonl.zst</c> whose events <see cref="View"/> holds (0 without an archive).</summary>
    public long ArchiveLength { get; set; }

    /// <summary>Back to nothing folded, about to read an archive of <paramref name="archiveLength"/> bytes.</summary>
    public void Reset(TView initial, long archiveLength)
    {
        View = initial;
        Version = 0;
        Offset = 0;
        Hash = "";
        ArchiveLength = archiveLength;
    }

    /// <summary>A cursor at this one's position holding <paramref name="view"/> (a copy of <see cref="View"/>).</summary>
    public JournalCursor<TView> With(TView view) =>
        new(view) { Version = Version, Offset = Offset, Hash = Hash, ArchiveLength = ArchiveLength };

    /// <summary>Takes over <paramref name="other"/>'s view and position.</summary>
    public void Adopt(JournalCursor<TView> other)
    {
        View = other.View;
        Version = other.Version;
        Offset = other.Offset;
        Hash = other.Hash;
        ArchiveLength = other.ArchiveLength;
    }

    /// <summary>Moves past the last line of an append or read.</summary>
    public void Advance(long offset, string hash)
    {
        Offset = offset;
        Hash = hash;
    }
}
