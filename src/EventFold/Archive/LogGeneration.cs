namespace EventFold;

/// <summary>
/// What a reader observes of the rotation state of a log, captured before and after a read to prove that no rotation
/// truncated <c>app.jsonl</c> in between (a read of archive then active log can otherwise miss the rotated events).
/// </summary>
/// <param name="ArchiveLength">Raw size of <c>archive.jsonl.zst</c>.</param>
/// <param name="Journal">The pending rotation journal, if any.</param>
/// <param name="ActiveSize">Size of <c>app.jsonl</c>.</param>
/// <remarks>
/// Reasoning: a rotation writes its journal, appends its frame, truncates, then deletes the journal, and no append
/// runs while its journal exists. If neither capture saw a journal and the archive size is unchanged, no rotation
/// can have truncated in between (its frame would have grown the archive). If both saw the same journal, nothing
/// could append, so an unchanged active size means no truncation either. The capture orders make this hold even
/// though each capture takes three separate stats.
/// </remarks>
internal readonly record struct LogGeneration(long ArchiveLength, RotationJournal? Journal, long ActiveSize)
{
    /// <summary>
    /// The part of the archive that belongs to the history at this capture: <see cref="ArchiveLength"/>, or less while
    /// a rotation has appended its frame but not yet truncated <c>app.jsonl</c> (see
    /// <see cref="RotationJournal.CommittedArchiveEnd"/>). Set by <see cref="Before"/> only.
    /// </summary>
    internal long CommittedArchiveLength { get; init; }

    /// <summary>Captures before a read: archive size, then journal, then active size.</summary>
    internal static LogGeneration Before(EventReader reader)
    {
        long archive = ArchiveFile.Length(reader.ArchivePath);
        RotationJournal? journal = RotationJournal.TryRead(reader.Directory);
        long committed = journal is null ? archive : Math.Min(archive, journal.CommittedArchiveEnd(reader.Directory));
        return new LogGeneration(archive, journal, reader.ActiveLogSize()) { CommittedArchiveLength = committed };
    }

    /// <summary>Captures after a read: active size, then journal, then archive size.</summary>
    internal static LogGeneration After(EventReader reader)
    {
        long active = reader.ActiveLogSize();
        RotationJournal? journal = RotationJournal.TryRead(reader.Directory);
        return new LogGeneration(ArchiveFile.Length(reader.ArchivePath), journal, active);
    }

    /// <summary>Whether no rotation can have truncated <c>app.jsonl</c> between <paramref name="before"/> and <paramref name="after"/>.</summary>
    internal static bool NoTruncationBetween(LogGeneration before, LogGeneration after) =>
        before.ArchiveLength == after.ArchiveLength
        && Equals(before.Journal, after.Journal)
        && (before.Journal is null || before.ActiveSize == after.ActiveSize);
}
