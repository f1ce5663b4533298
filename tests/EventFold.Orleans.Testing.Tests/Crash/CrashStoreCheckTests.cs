using EventFold.Orleans.Commands;
using EventFold.Orleans.Testing.Tests.Domain;
using Xunit;

namespace EventFold.Orleans.Testing.Tests.Crash;

/// <summary>The crash test's file check on a real store: right when the files match the acknowledgements, and each kind of wrong named.</summary>
public sealed class CrashStoreCheckTests : IAsyncLifetime
{
    private readonly Dictionary<string, CrashReport> _acks = new(StringComparer.Ordinal);
    private EventFoldTestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _cluster = await EventFoldTestCluster.StartAsync();
        await ExecuteAsync("crash-00", "c1", new Restock("apple", 2));
        await ExecuteAsync("crash-00", "c2", new Take("apple", 2)); // two events: taken + emptied
        await ExecuteAsync("crash-01", "c3", new Restock("pear", 1));
        await _cluster.Cluster.StopAllSilosAsync();
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public void Files_that_hold_every_acknowledged_command_once_pass()
    {
        var report = CrashStoreCheck.Verify(_cluster.Directory, _acks, new Dictionary<string, CrashReport>());

        Assert.Empty(report.Problems);
        Assert.Equal(2, report.Streams);
        Assert.Equal(4, report.Events);
        Assert.Equal(2, report.Commands["c2"].Count);
    }

    [Fact]
    public void An_acknowledged_command_that_is_not_in_the_files_is_missing()
    {
        _acks["c9"] = new CrashReport("ACK", "shelf", "crash-01", "c9", 1, 2, null, 1);

        var report = CrashStoreCheck.Verify(_cluster.Directory, _acks, new Dictionary<string, CrashReport>());

        Assert.Contains(report.Problems, p => p.Contains("acknowledged command c9", StringComparison.Ordinal) && p.Contains("is missing", StringComparison.Ordinal));
    }

    [Fact]
    public void An_acknowledged_command_at_another_version_is_named_with_both_positions()
    {
        _acks["c2"] = _acks["c2"] with { Version = 5 };

        var report = CrashStoreCheck.Verify(_cluster.Directory, _acks, new Dictionary<string, CrashReport>());

        Assert.Contains(report.Problems, p => p.Contains("c2", StringComparison.Ordinal) && p.Contains("ending at version 5", StringComparison.Ordinal) && p.Contains("positions 1..2", StringComparison.Ordinal));
    }

    [Fact]
    public void A_rejected_command_that_was_written_is_a_problem()
    {
        var rejected = new Dictionary<string, CrashReport>(StringComparer.Ordinal) { ["c3"] = _acks["c3"] with { Kind = "REJ", Code = "shelf.short" } };
        _acks.Remove("c3");

        var report = CrashStoreCheck.Verify(_cluster.Directory, _acks, rejected);

        Assert.Contains(report.Problems, p => p.Contains("c3 was rejected (shelf.short)", StringComparison.Ordinal));
    }

    [Fact]
    public void A_command_stored_twice_is_a_problem()
    {
        // Another copy of crash-01's command, appended by hand after an unrelated event: what a lost duplicate check would leave.
        var stream = new EventFold.Orleans.Store.StorePaths(_cluster.Directory).StreamDirectory("shelf", "crash-01");
        var original = new EventReader(stream).ReadFull().Single().Event;
        using (var writer = EventWriter.Open(stream))
        {
            writer.Append(new Event("restocked", original.Data, original.Ts, meta: """{"command_id":"other"}"""u8.ToArray()));
            writer.Append(original);
        }

        var report = CrashStoreCheck.Verify(_cluster.Directory, _acks, new Dictionary<string, CrashReport>());

        Assert.Contains(report.Problems, p => p.Contains("command c3 appears again at position 2", StringComparison.Ordinal));
    }

    private async Task ExecuteAsync(string id, string commandId, ShelfCommand command)
    {
        var result = await _cluster.Grains.GetGrain<IShelf>(id).Execute(command, new CommandContext { CommandId = commandId });
        Assert.True(result.Succeeded);
        _acks[commandId] = new CrashReport("ACK", "shelf", id, commandId, result.EventCount, result.Version, null, 1);
    }
}
