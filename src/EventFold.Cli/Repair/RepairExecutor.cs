using EventFold.Orleans.Store;

namespace EventFold.Cli.Repair;

/// <summary>Applies a <see cref="RepairPlan"/> under the store lock, backing up every file it replaces or moves first.</summary>
internal sealed class RepairExecutor(StorePaths paths, string backupDirectory)
{
    /// <summary>Where the backup of this run goes (created on first use).</summary>
    public string BackupDirectory { get; } = backupDirectory;

    /// <summary>Applies every action in order; a failed action is marked and the others still run.</summary>
    public void Apply(IEnumerable<RepairAction> actions)
    {
        foreach (var action in actions)
        {
            try
            {
                Apply(action);
                action.Status = "done";
            }
            catch (Exception e) when (e is EventFoldException or IOException or UnauthorizedAccessException)
            {
                action.Status = "failed";
                action.Detail = $"{e.GetType().Name}: {e.Message}";
            }
        }
    }

    private void Apply(RepairAction action)
    {
        switch (action.Kind)
        {
            case "drop-torn-tail" or "settle-rotation":
                {
                    var directory = Path.GetDirectoryName(action.Path)!;
                    foreach (var name in new[] { "app.jsonl", "archive.jsonl.zst", LogInspection.RotationJournalFileName })
                    {
                        BackUp(Path.Combine(directory, name), move: false);
                    }

                    // The writer's own open settles rotations and tails, with its rules and its fsyncs.
                    using var writer = EventWriter.Open(directory);
                    action.Detail = $"{writer.RepairedBytes} bytes removed; app.jsonl is now {writer.ActiveLogSize} bytes";
                    break;
                }

            case "rebuild-snapshot":
                BackUp(action.Path, move: true);
                break;
            case "rebuild-projection":
                foreach (var file in Directory.EnumerateFiles(action.Path))
                {
                    BackUp(file, move: true);
                }

                break;
            case "quarantine-stream":
                {
                    var destination = Path.Combine(paths.BaseDirectory, "quarantine", Path.GetRelativePath(paths.StreamsDirectory, action.Path))
                        + "." + DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture);
                    Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                    using (StoreWriteAccess.LockStream(action.Path))
                    {
                        Directory.Move(action.Path, destination);
                    }

                    DurableSync(Path.GetDirectoryName(action.Path)!);
                    DurableSync(Path.GetDirectoryName(destination)!);
                    action.Destination = destination;
                    break;
                }

            default:
                throw new InvalidOperationException($"unknown repair action {action.Kind}");
        }
    }

    /// <summary>Copies (or moves) a file into the backup under its path relative to the store; missing files are skipped.</summary>
    private void BackUp(string file, bool move)
    {
        if (!File.Exists(file))
        {
            return;
        }

        var target = Path.Combine(BackupDirectory, Path.GetRelativePath(paths.BaseDirectory, file));
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Copy(file, target, overwrite: false);
        using (var copy = new FileStream(target, FileMode.Open, FileAccess.ReadWrite))
        {
            copy.Flush(flushToDisk: true);
        }

        if (move)
        {
            File.Delete(file);
            DurableSync(Path.GetDirectoryName(file)!);
        }
    }

    private static void DurableSync(string directory) => DurableDirectory.Fsync(directory);
}
