using System.Text.Json.Nodes;
using EventFold.Orleans.Commands;
using EventFold.Orleans.Tests.Domain;
using EventFold.Orleans.Tests.Support;
using Orleans.TestingHost;
using Xunit;

namespace EventFold.Orleans.Tests.Provider;

/// <summary>
/// A snapshot is trusted only if it continues the current archive as well as the active log: a rotation whose own
/// snapshot was never saved (killed between truncating and saving, or a full disk) must not bring back the snapshot of
/// an earlier rotation, which would drop the archived events in between and apply their command ids again.
/// </summary>
public sealed class StaleSnapshotTests : IDisposable
{
    private const string Type = "isolated-account";
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_snapshot_from_before_a_later_rotation_is_ignored_and_archived_events_and_command_ids_are_kept()
    {
        await using var cluster = await TestSilo.StartAsync(_dir.Path, RotateOften);
        var account = cluster.Client.GetGrain<IIsolatedAccount>("stale");
        var files = new Files(cluster, "stale");
        await account.Execute(new OpenAccount("o"), CommandContext.None);
        var deposits = await DepositUntilRotated(account, files, 0, 0);
        await cluster.DeactivateAsync(account); // the rotation's snapshot is saved after the acknowledgement
        var firstRotationSnapshot = await File.ReadAllBytesAsync(files.Snapshot);
        deposits = await DepositUntilRotated(account, files, deposits, files.ArchiveLength);
        for (var i = 0; i < 3; i++)
        {
            deposits++;
            await account.Execute(new Deposit(deposits), new CommandContext { CommandId = $"dep-{deposits}" });
        }

        await cluster.DeactivateAsync(account);
        // The crash window: the second rotation truncated app.jsonl, its snapshot was never written.
        await File.WriteAllBytesAsync(files.Snapshot, firstRotationSnapshot);

        var state = await account.GetVersionedState();
        Assert.Equal(1 + deposits, state.Version);
        Assert.Equal(deposits * (deposits + 1L) / 2, state.State.Balance);
        var resent = await account.Execute(new Deposit(1), new CommandContext { CommandId = "dep-1" });
        Assert.True(resent.WasDuplicate);
        Assert.Equal(1 + deposits, cluster.ReadAll(Type, "stale").Count);
    }

    [Fact]
    public async Task A_snapshot_without_archive_proof_is_replayed_past_with_or_without_an_archive()
    {
        await using var cluster = await TestSilo.StartAsync(_dir.Path, RotateOften);
        var rotated = cluster.Client.GetGrain<IIsolatedAccount>("old-rotated");
        var rotatedFiles = new Files(cluster, "old-rotated");
        await rotated.Execute(new OpenAccount("o"), CommandContext.None);
        var deposits = await DepositUntilRotated(rotated, rotatedFiles, 0, 0);
        await cluster.DeactivateAsync(rotated);
        StripArchiveProof(rotatedFiles.Snapshot);

        var plain = cluster.Client.GetGrain<IIsolatedAccount>("old-plain");
        var plainFiles = new Files(cluster, "old-plain");
        await plain.Execute(new OpenAccount("p"), CommandContext.None);
        await plain.Execute(new Deposit(5), CommandContext.None);
        await cluster.DeactivateAsync(plain);
        StripArchiveProof(plainFiles.Snapshot);

        using (var replayed = new EventCounter("eventfold.events.replayed", Type))
        {
            Assert.Equal(1 + deposits, (await rotated.GetVersionedState()).Version);
            Assert.Equal(1 + deposits, replayed.Total); // the old snapshot cannot prove which archive it continues
        }

        using (var replayed = new EventCounter("eventfold.events.replayed", Type))
        {
            var state = await plain.GetVersionedState();
            Assert.Equal((2, 5L), (state.Version, state.State.Balance));
            Assert.Equal(2, replayed.Total); // no archive, but an earlier release's snapshot may lack fields: replayed once
        }
    }

    private static void RotateOften(global::EventFold.Orleans.Hosting.EventFoldOptions o)
    {
        o.MaxActiveLogBytes = 1024;
        o.SnapshotEveryEvents = 0;
        o.SnapshotOnDeactivation = true;
    }

    /// <summary>Deposits 1, 2, 3... (command ids dep-N) until the archive grows past <paramref name="archiveLength"/>; returns the last N.</summary>
    private static async Task<int> DepositUntilRotated(IIsolatedAccount account, Files files, int deposits, long archiveLength)
    {
        while (files.ArchiveLength == archiveLength)
        {
            deposits++;
            Assert.True(deposits < 200, "no rotation happened");
            await account.Execute(new Deposit(deposits), new CommandContext { CommandId = $"dep-{deposits}" });
        }

        return deposits;
    }

    /// <summary>Turns a snapshot into what the provider wrote before snapshots recorded the archive length.</summary>
    private static void StripArchiveProof(string path)
    {
        var snapshot = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        Assert.True(snapshot["state"]!.AsObject().Remove("archiveLength"));
        File.WriteAllText(path, snapshot.ToJsonString());
    }

    private sealed class Files(InProcessTestCluster cluster, string id)
    {
        private readonly string _directory = cluster.Directory(Type, id);

        public string Snapshot => Path.Combine(_directory, "views", "state.snapshot.json");

        public long ArchiveLength => new FileInfo(Path.Combine(_directory, "archive.jsonl.zst")) is { Exists: true } f ? f.Length : 0;
    }
}
