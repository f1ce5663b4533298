using System.Collections.Concurrent;
using System.Text;
using Xunit;

namespace EventFold.Tests.Log;

/// <summary>
/// The public group commit of the core: appends to several logs share flushes, each is durable when its task completes,
/// and bad requests fail alone with a typed error.
/// </summary>
public sealed class GroupCommitterTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly ConcurrentQueue<string> _flushes = new();

    public GroupCommitterTests() => DurableFile.Synced += OnSynced;

    public void Dispose()
    {
        DurableFile.Synced -= OnSynced;
        _dir.Dispose();
    }

    [Theory]
    [InlineData(GroupSyncMode.FileSystem)]
    [InlineData(GroupSyncMode.EachFile)]
    public async Task Appends_to_several_logs_are_on_disk_when_their_tasks_complete_and_each_round_flushes_once(GroupSyncMode mode)
    {
        const int logs = 6;
        const int appends = 10;
        var writers = Enumerable.Range(0, logs).Select(i => EventWriter.Open(_dir.Combine("logs", $"s{i}"))).ToArray();
        _flushes.Clear();
        using (var committer = new GroupCommitter(_dir.Path, mode))
        {
            for (var n = 0; n < appends; n++)
            {
                // Every log's next append queued at once, so rounds can hold several logs.
                await Task.WhenAll(writers.Select(w => committer.CommitAsync(w, [Events($"e{n}", 1)], w.ActiveLogSize, w.LastLineHash)));
            }

            Assert.True(writers.All(w => !w.HasUnsynced));
            var fileSystemFlushes = _flushes.Count(f => f.StartsWith("syncfs:", StringComparison.Ordinal));
            var fileFlushes = _flushes.Count - fileSystemFlushes;
            if (OperatingSystem.IsLinux() && mode == GroupSyncMode.FileSystem)
            {
                // One flush per round: a syncfs for several logs, the file's own fdatasync for one.
                Assert.Equal(committer.Rounds, _flushes.Count);
            }
            else
            {
                Assert.Equal(0, fileSystemFlushes);
                Assert.Equal(logs * appends, fileFlushes);
            }
        }

        foreach (var writer in writers)
        {
            writer.Dispose();
            Assert.Equal(Enumerable.Range(0, appends).Select(n => $"e{n}"), new EventReader(writer.Directory).ReadFrom(0).Select(r => r.Event.Type));
        }
    }

    [Fact]
    public async Task A_commit_at_a_stale_version_fails_alone_and_writes_nothing()
    {
        using var stale = EventWriter.Open(_dir.Combine("stale"));
        using var fresh = EventWriter.Open(_dir.Combine("fresh"));
        stale.Append(Events("first", 1)[0]);
        var size = stale.ActiveLogSize;
        using var committer = new GroupCommitter(_dir.Path);

        var conflict = committer.CommitAsync(stale, [Events("late", 1)], 0, "");
        var ok = committer.CommitAsync(fresh, [Events("a", 2), Events("b", 1)], 0, "");

        await Assert.ThrowsAsync<AppendConflictException>(() => conflict);
        var results = await ok;
        Assert.Equal(size, new FileInfo(stale.LogPath).Length);
        Assert.Equal(2, results.Length);
        Assert.Equal(fresh.ActiveLogSize, results[1].EndOffset);
        Assert.Equal(["a", "a", "b"], new EventReader(fresh.Directory).ReadFrom(0).Select(r => r.Event.Type));
    }

    [Fact]
    public async Task A_writer_outside_the_directory_or_an_empty_batch_is_refused_before_anything_is_written()
    {
        // Argument errors are thrown by the call itself, not by its task (the .NET convention).
        using var outside = new TempDir();
        using var writer = EventWriter.Open(outside.Path);
        using var inside = EventWriter.Open(_dir.Combine("inside"));
        using var committer = new GroupCommitter(_dir.Combine("inside"));
        using var sibling = EventWriter.Open(_dir.Combine("inside-not"));

        Assert.Throws<ArgumentException>("writer", () => { _ = committer.CommitAsync(writer, [Events("x", 1)], 0, ""); });
        // A name that merely starts like the directory is not inside it.
        Assert.Throws<ArgumentException>("writer", () => { _ = committer.CommitAsync(sibling, [Events("x", 1)], 0, ""); });
        Assert.Throws<ArgumentException>("batches", () => { _ = committer.CommitAsync(inside, [Events("x", 1), []], 0, ""); });
        Assert.Throws<ArgumentException>("batches", () => { _ = committer.CommitAsync(inside, [], 0, ""); });
        Assert.Throws<DirectoryNotFoundException>(() => new GroupCommitter(_dir.Combine("missing")));
        using (var atRoot = new GroupCommitter(Path.GetPathRoot(_dir.Path)!, GroupSyncMode.EachFile))
        {
            // Everything is under a root directory (whose name already ends in a separator): nothing is refused.
            Assert.Single(await atRoot.CommitAsync(inside, [Events("x", 1)], 0, ""));
        }

        Assert.Equal(0, new FileInfo(writer.LogPath).Length + new FileInfo(sibling.LogPath).Length);
    }

    [Fact]
    public void AppendBatchesIf_flushes_once_when_durable_and_never_when_buffered()
    {
        using var writer = EventWriter.Open(_dir.Path, new EventWriterOptions { Durability = Durability.Buffered });
        _flushes.Clear();
        Assert.Throws<ArgumentException>("batches", () => writer.AppendBatchesIf([Events("a", 1), []], 0, "", Durability.Durable));

        var buffered = writer.AppendBatchesIf([Events("a", 1), Events("b", 2)], 0, "", Durability.Buffered);
        Assert.Empty(_flushes);

        var durable = writer.AppendBatchesIf([Events("c", 1)], buffered[^1].EndOffset, buffered[^1].LineHash, Durability.Durable);
        Assert.Equal([Path.GetFullPath(writer.LogPath)], _flushes);
        Assert.False(writer.HasUnsynced);
        Assert.Equal(writer.ActiveLogSize, durable[0].EndOffset);
        Assert.Throws<AppendConflictException>(() => writer.AppendBatchesIf([Events("d", 1)], buffered[^1].EndOffset, buffered[^1].LineHash, Durability.Durable));
        Assert.Equal(["a", "b", "b", "c"], new EventReader(_dir.Path).ReadFrom(0).Select(r => r.Event.Type));
    }

    private void OnSynced(string? path)
    {
        if (path is not null && (path.StartsWith(_dir.Path, StringComparison.Ordinal) || path.StartsWith("syncfs:" + _dir.Path, StringComparison.Ordinal)))
        {
            _flushes.Enqueue(path);
        }
    }

    private static Event[] Events(string type, int count) =>
        [.. Enumerable.Range(0, count).Select(i => new Event(type, Encoding.UTF8.GetBytes($"{{\"i\":{i}}}"), 1))];
}
