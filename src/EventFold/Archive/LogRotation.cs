namespace EventFold;

/// <summary>Moves the active log into the archive as one new zstd frame, crash-safely and without duplicates.</summary>
/// <remarks>
/// <para>Steps, all under the writer's lock:</para>
/// <list type="number">
/// <item>Settle a journal left by an earlier failed rotation (<see cref="RotationJournal.Recover"/>).</item>
/// <item>Refresh every view, so each has folded the whole active log (snapshots saved as needed).</item>
/// <item>Compress <c>app.jsonl</c> (up to the end of its last complete line) into one frame in memory.</item>
/// <item>Write the journal durably (<see cref="RotationJournal"/>): from here on readers stop at the old archive end.</item>
/// <item>Append the frame to the archive and flush it to disk.</item>
/// <item>Truncate <c>app.jsonl</c> to 0 on the locked handle and flush it.</item>
/// <item>Reset every view to offset 0 / hash <c>""</c> and save its snapshot.</item>
/// <item>Delete the journal and fsync the directory.</item>
/// </list>
/// <para>
/// A crash at any point is settled at the next writer open (see <see cref="RotationRecovery"/>): before the truncation
/// the rotation is undone (the frame is cut off), after it the rotation is complete. Rust has no journal and duplicates
/// every rotated event when it crashes between archiving and truncating. A failure inside this call is settled the same
/// way before the exception propagates, when the disk allows it.
/// </para>
/// </remarks>
internal static class LogRotation
{
    /// <summary>Rotates <paramref name="writer"/>'s log; see <see cref="EventWriter.Rotate"/>.</summary>
    /// <returns><see langword="false"/> when the active log was empty (nothing archived, no archive file created).</returns>
    internal static bool Rotate(EventWriter writer, IEnumerable<IView>? views)
    {
        IView[] registered = views?.ToArray() ?? [];
        RotationJournal.Recover(writer.Directory);
        foreach (IView view in registered)
        {
            view.Refresh(writer.Reader);
        }

        long size = writer.ActiveLogSize;
        if (size == 0)
        {
            return false;
        }

        byte[] content = ReadActive(writer.LogPath, size);
        byte[] frame = ArchiveFile.CompressFrame(content);
        long before = ArchiveFile.Length(writer.ArchivePath);
        new RotationJournal(before, frame.Length, size, LastLineHash(writer.LogPath, content)).Write(writer.Directory);
        try
        {
            ArchiveFile.AppendFrame(writer.ArchivePath, frame, before);
            writer.TruncateActiveLog();
        }
        catch (Exception)
        {
            TrySettle(writer.Directory);
            throw;
        }

        try
        {
            ResetAll(registered);
        }
        finally
        {
            RotationJournal.Delete(writer.Directory); // truncation done: the rotation is committed
        }

        return true;
    }

    private static void ResetAll(IView[] views)
    {
        List<Exception>? errors = null;
        foreach (IView view in views)
        {
            try
            {
                view.ResetAfterRotation();
            }
            catch (Exception e)
            {
                (errors ??= []).Add(e);
            }
        }

        if (errors is not null)
        {
            throw errors.Count == 1 ? errors[0] : new AggregateException("Resetting views after rotation failed.", errors);
        }
    }

    private static void TrySettle(string directory)
    {
        try
        {
            RotationJournal.Recover(directory);
        }
        catch (Exception)
        {
            // Best effort while another failure propagates: the journal stays and the next writer open (or rotation)
            // settles it; readers already stop at the archive's committed end.
        }
    }

    private static byte[] ReadActive(string logPath, long size)
    {
        byte[] content = new byte[size];
        using var handle = DurableFile.OpenReadHandleNoLock(logPath);
        int total = 0;
        while (total < content.Length)
        {
            int read = RandomAccess.Read(handle, content.AsSpan(total), total);
            if (read == 0)
            {
                throw new CorruptLogException(logPath, total, $"app.jsonl is shorter than the writer's size {size}");
            }

            total += read;
        }

        return content;
    }

    private static string LastLineHash(string logPath, byte[] content)
    {
        if (content[^1] != (byte)'\n')
        {
            throw new CorruptLogException(logPath, content.Length, "app.jsonl does not end with a complete line");
        }

        int start = content.AsSpan(0, content.Length - 1).LastIndexOf((byte)'\n') + 1;
        return LineHash.Compute(content.AsSpan(start, content.Length - 1 - start));
    }
}
