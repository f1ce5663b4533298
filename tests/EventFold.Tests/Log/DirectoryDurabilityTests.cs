using EventFold.Tests.IO;

namespace EventFold.Tests.Log;

/// <summary>
/// Which directory entries a writer open makes durable, counted through <see cref="DurableFile.Synced"/>: every open
/// that relies on an entry (Durable), nothing in Buffered mode.
/// </summary>
public sealed class DirectoryDurabilityTests
{
    private static readonly EventWriterOptions Buffered = new() { Durability = Durability.Buffered };

    [Fact]
    public void A_durable_open_of_a_new_log_syncs_each_created_entry()
    {
        using var dir = new TempDir();
        using var syncs = new SyncRecorder(dir.Path);
        string log = dir.Combine("type", "s1");
        using (EventWriter.Open(log))
        {
        }

        Assert.True(syncs.Count(log) >= 2, string.Join(", ", syncs.Paths));
        Assert.True(syncs.Count(dir.Combine("type")) >= 1, string.Join(", ", syncs.Paths));
        Assert.True(syncs.Count(LogPaths.Log(log)) >= 1, string.Join(", ", syncs.Paths));
    }

    [Fact]
    public void A_buffered_open_of_a_new_log_syncs_nothing()
    {
        using var dir = new TempDir();
        using var syncs = new SyncRecorder(dir.Path);
        string log = dir.Combine("type", "s1");
        using (var writer = EventWriter.Open(log, Buffered))
        {
            writer.Append(new Event("t", "{}"u8.ToArray(), 1));
        }

        Assert.Empty(syncs.Paths);
        Assert.True(Directory.Exists(LogPaths.Views(log)));
        Assert.Single(new EventReader(log).ReadFrom(0));
    }

    [Fact]
    public void A_durable_open_of_an_existing_log_fsyncs_its_directory_and_parent_once_per_process()
    {
        using var dir = new TempDir();
        string type = dir.Combine("type");
        string first = Path.Combine(type, "s1");
        string second = Path.Combine(type, "s2");
        foreach (string log in new[] { first, second })
        {
            using var writer = EventWriter.Open(log, Buffered);   // created without any fsync, as a crashed process may leave it
            writer.Append(new Event("t", "{}"u8.ToArray(), 1));
        }

        LogDirectory.ForgetDurableDirectoriesForTesting();         // a new process
        using var syncs = new SyncRecorder(dir.Path);
        using (EventWriter.Open(first))
        {
        }

        Assert.Equal(1, syncs.Count(first));
        Assert.Equal(1, syncs.Count(type));
        Assert.Equal(2, syncs.Paths.Count);

        syncs.Clear();
        using (EventWriter.Open(first))
        {
        }

        using (EventWriter.Open(second))
        {
        }

        Assert.Equal([Path.GetFullPath(second)], syncs.Paths);      // the parent is durable already in this process
    }

    [Fact]
    public void A_buffered_open_of_an_existing_log_fsyncs_nothing()
    {
        using var dir = new TempDir();
        string log = dir.Combine("s1");
        using (EventWriter.Open(log, Buffered))
        {
        }

        LogDirectory.ForgetDurableDirectoriesForTesting();
        using var syncs = new SyncRecorder(dir.Path);
        using (EventWriter.Open(log, Buffered))
        {
        }

        Assert.Empty(syncs.Paths);
    }
}
