namespace EventFold;

/// <summary>Brings a log directory with a leftover <see cref="RotationJournal"/> back to a state without duplicates or loss.</summary>
/// <remarks>
/// <para>The rotation order is: journal, frame append, truncate <c>app.jsonl</c>, reset views, delete journal. So:</para>
/// <list type="bullet">
/// <item>If <c>app.jsonl</c> still holds the rotated content (its size is at least the journal's and the line before
/// that size has the journal's hash), every rotated event is still in the active log: the archive is cut back to its
/// size before the rotation (dropping a complete, partial or absent frame alike). Rolling back rather than forward keeps
/// the views' snapshots valid and stays correct even if the writer went on appending after a failed rotation.</item>
/// <item>Otherwise <c>app.jsonl</c> was truncated, which only happens after the frame was durable: the archive must be
/// exactly one frame longer and the rotation is complete; views whose snapshots still point into the old content see an
/// offset past the end or a hash mismatch and rebuild.</item>
/// <item>Anything else (archive shorter than before, longer than one frame, or a missing frame with the active content
/// gone) cannot come from a crash of this protocol and is reported as <see cref="CorruptArchiveException"/>.</item>
/// </list>
/// </remarks>
internal static class RotationRecovery
{
    /// <summary>See <see cref="RotationJournal.Recover"/>.</summary>
    internal static bool Recover(string directory)
    {
        RotationJournal? journal = RotationJournal.TryRead(directory);
        if (journal is null)
        {
            RotationJournal.Delete(directory);
            return false;
        }

        string archivePath = Path.Combine(directory, ArchiveFile.FileName);
        long archiveLength = ArchiveFile.Length(archivePath);
        long committedLength = journal.ArchiveSizeBefore + journal.FrameLength;
        if (archiveLength < journal.ArchiveSizeBefore || archiveLength > committedLength)
        {
            throw new CorruptArchiveException(archivePath, $"rotation journal expects {journal.ArchiveSizeBefore} or up to {committedLength} bytes, found {archiveLength}");
        }

        if (journal.ActiveHoldsContent(directory))
        {
            if (journal.ArchiveSizeBefore == 0)
            {
                if (File.Exists(archivePath))
                {
                    File.Delete(archivePath); // this rotation created it: leave no empty archive behind
                }
            }
            else if (archiveLength > journal.ArchiveSizeBefore)
            {
                ArchiveFile.Truncate(archivePath, journal.ArchiveSizeBefore);
            }
        }
        else if (archiveLength != committedLength)
        {
            throw new CorruptArchiveException(archivePath, "interrupted rotation: the archive frame is incomplete but app.jsonl no longer holds its events");
        }

        RotationJournal.Delete(directory);
        return true;
    }
}
