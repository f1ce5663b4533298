using EventFold.Cli.Tests.Domain;
using EventFold.Cli.Tests.Support;
using EventFold.Orleans.Commands;
using Xunit;

namespace EventFold.Cli.Tests.Commands;

/// <summary><c>repair</c>: previews change nothing, <c>--apply</c> backs up and leaves a clean store, a running app's lock is respected.</summary>
public sealed class RepairCommandTests(RuntimeStore runtime) : IClassFixture<RuntimeStore>, IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Dry_run_lists_the_fixes_and_changes_nothing_on_disk()
    {
        var store = Damaged(out _, out _);
        var before = TreeHash.Of(store);

        var run = await Tool.RunAsync("repair", store, "--json");
        var preview = await Tool.RunAsync("repair", store, "--dry-run");

        Assert.Equal(ExitCodes.Findings, run.ExitCode);
        Assert.Equal(before, TreeHash.Of(store));
        var json = run.Json();
        Assert.False(json.GetProperty("applied").GetBoolean());
        var kinds = json.GetProperty("actions").EnumerateArray().Select(a => a.GetProperty("kind").GetString()).Distinct().Order().ToList();
        Assert.Equal(["drop-torn-tail", "rebuild-projection", "rebuild-snapshot"], kinds);
        Assert.All(json.GetProperty("actions").EnumerateArray(), a => Assert.Equal("planned", a.GetProperty("status").GetString()));
        Assert.Equal(ExitCodes.Findings, preview.ExitCode);
        Assert.Contains("--apply", preview.Output);
        Assert.Equal(before, TreeHash.Of(store));
    }

    [Fact]
    public async Task Apply_makes_verify_clean_and_keeps_a_backup_of_what_it_replaced()
    {
        var store = Damaged(out var tornLog, out var snapshot);
        var tornBytes = File.ReadAllBytes(tornLog);
        var snapshotBytes = File.ReadAllBytes(snapshot);

        var run = await Tool.RunAsync("repair", store, "--apply", "--json");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.Output);
        var json = run.Json();
        Assert.True(json.GetProperty("applied").GetBoolean());
        Assert.All(json.GetProperty("actions").EnumerateArray(), a => Assert.Equal("done", a.GetProperty("status").GetString()));
        var backup = json.GetProperty("backup").GetString()!;
        var relativeLog = Path.GetRelativePath(store, tornLog);
        Assert.Equal(tornBytes, File.ReadAllBytes(Path.Combine(backup, relativeLog)));
        Assert.Equal(snapshotBytes, File.ReadAllBytes(Path.Combine(backup, Path.GetRelativePath(store, snapshot))));
        Assert.True(File.Exists(Path.Combine(backup, "projections", "tally-totals", "state.json")));

        var verify = await Tool.RunAsync("verify", store, "--json");
        Assert.True(verify.ExitCode == ExitCodes.Ok, verify.Output);
        Assert.Equal(36, verify.Json().GetProperty("events").GetInt64());
        Assert.Equal(ExitCodes.Ok, (await Tool.RunAsync("repair", store)).ExitCode);
    }

    [Fact]
    public async Task Apply_is_refused_while_the_app_holds_the_store_lock_and_reads_still_work()
    {
        var store = Damaged(out _, out _);
        await using var cluster = await RuntimeStore.StartAsync(store);
        var live = cluster.Client.GetGrain<ITally>("live");
        await live.Execute(new AddAll([1, 2]), CommandContext.None);
        // Its snapshot is saved after the acknowledgement; deactivating waits for it (the silo keeps the store lock).
        await cluster.DeactivateAsync(live);
        var before = TreeHash.Of(Path.Combine(store, "streams"));

        var run = await Tool.RunAsync("repair", store, "--apply");
        var afterRepair = TreeHash.Of(Path.Combine(store, "streams"));
        var ls = await Tool.RunAsync("ls", store, "tally", "--json");
        var verify = await Tool.RunAsync("verify", store, "tally", "live", "--json");
        // The app keeps writing while (and after) the tool reads its files: reads took no lock.
        await cluster.Client.GetGrain<ITally>("live").Execute(new AddAll([3]), CommandContext.None);

        Assert.Equal(ExitCodes.Locked, run.ExitCode);
        Assert.Contains("store.lock", run.Output);
        Assert.Equal(before, afterRepair);
        Assert.Equal(ExitCodes.Ok, ls.ExitCode);
        Assert.Contains(ls.Json().GetProperty("streams").EnumerateArray(), s => s.GetProperty("id").GetString() == "live");
        Assert.True(verify.ExitCode == ExitCodes.Ok, verify.Output);
        Assert.Equal(2, verify.Json().GetProperty("events").GetInt64());
        Assert.Equal(3, (await cluster.Client.GetGrain<ITally>("live").GetState()).Count);
    }

    [Fact]
    public async Task A_corrupt_stream_is_only_quarantined_when_asked_and_then_kept_whole()
    {
        var store = runtime.CopyTo(_dir);
        var log = Damage.Log(store, "a");
        Damage.FlipByte(log, 3);
        var streamFiles = TreeHash.Of(Damage.StreamDir(store, "a"));

        var plain = await Tool.RunAsync("repair", store, "--apply", "--json");
        Assert.Equal(ExitCodes.Findings, plain.ExitCode);
        Assert.Contains(plain.Json().GetProperty("unfixed").EnumerateArray(), f => f.GetProperty("kind").GetString() == "corrupt-line");
        Assert.True(File.Exists(log), "without --quarantine a corrupt stream stays where it is");

        var run = await Tool.RunAsync("repair", store, "tally", "a", "--quarantine", "--apply", "--json");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.Output);
        var action = Assert.Single(run.Json().GetProperty("actions").EnumerateArray(), a => a.GetProperty("kind").GetString() == "quarantine-stream");
        var moved = action.GetProperty("destination").GetString()!;
        Assert.False(Directory.Exists(Damage.StreamDir(store, "a")));
        Assert.Equal(streamFiles, TreeHash.Of(moved));
        var verify = await Tool.RunAsync("verify", store, "tally", "--json");
        Assert.True(verify.ExitCode == ExitCodes.Ok, verify.Output);
    }

    /// <summary>A copy with a torn tail on "a", a stale snapshot on "b" and a projection cursor that no longer matches "c d/é".</summary>
    private string Damaged(out string tornLog, out string staleSnapshot)
    {
        var store = runtime.CopyTo(_dir);
        tornLog = Damage.Log(store, "a");
        Damage.TearTail(tornLog);
        staleSnapshot = Damage.Snapshot(store, "b");
        VerifyCorruptionTests.ChangeLastAmountBefore(Damage.Log(store, "b"), VerifyCorruptionTests.SnapshotOffset(staleSnapshot));
        var c = Damage.Log(store, "c d/é");
        VerifyCorruptionTests.ChangeLastAmountBefore(c, new FileInfo(c).Length);
        return store;
    }
}
