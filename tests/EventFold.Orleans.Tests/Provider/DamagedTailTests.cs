using EventFold.Orleans.Aggregates;
using EventFold.Orleans.Commands;
using EventFold.Orleans.Tests.Domain;
using EventFold.Orleans.Tests.Support;
using Xunit;

namespace EventFold.Orleans.Tests.Provider;

/// <summary>
/// The final LF of an acknowledged event is damaged after the fact. The load is right (the snapshot covers the line);
/// the writer's torn-tail repair at the next command must not delete that acknowledged event.
/// </summary>
public sealed class DamagedTailTests : SiloTest
{
    [Fact]
    public async Task A_final_LF_turned_into_a_space_is_restored_and_the_acknowledged_event_is_kept()
    {
        var (account, log, length) = await AccountWithDamagedLastByte("space", (byte)' ');

        Assert.Equal(3, (await account.GetVersionedState()).Version);
        var next = await account.Execute(new Deposit(4), new CommandContext { CommandId = "d4" });

        Assert.Equal(4, next.Version);
        var bytes = StreamFiles.ReadLogBytes(Path.GetDirectoryName(log)!);
        Assert.Equal((byte)'\n', bytes[length - 1]);
        Assert.Equal([0L, 2, 3, 4], StreamFiles.ReadAll(Path.GetDirectoryName(log)!).Select(Amount));
    }

    [Fact]
    public async Task A_damaged_tail_that_the_snapshot_covers_is_refused_with_the_file_and_offset_and_left_alone()
    {
        var (account, log, length) = await AccountWithDamagedLastByte("garbage", (byte)'x');
        var lastLineStart = Array.LastIndexOf(StreamFiles.ReadLogBytes(Path.GetDirectoryName(log)!), (byte)'\n', (int)length - 2) + 1;

        Assert.Equal(3, (await account.GetVersionedState()).Version);
        var error = await Assert.ThrowsAsync<AggregateWriteException>(() => account.Execute(new Deposit(4), CommandContext.None));

        Assert.EndsWith(nameof(CorruptLogException), error.CauseType);
        Assert.Contains(log, error.Reason);
        Assert.Contains($"at offset {lastLineStart}", error.Reason);
        Assert.Equal(length, new FileInfo(log).Length);
        Assert.Equal((byte)'x', StreamFiles.ReadLogBytes(Path.GetDirectoryName(log)!)[length - 1]);
    }

    private static long Amount(Event e) =>
        e.Type == "deposited" ? e.DataElement().GetProperty("amount").GetInt64() : 0;

    /// <summary>Three acknowledged events, a snapshot covering all of them, then the log's final LF overwritten.</summary>
    private async Task<(IAccountAggregate Account, string Log, long Length)> AccountWithDamagedLastByte(string id, byte damage)
    {
        var account = Cluster.Client.GetGrain<IAccountAggregate>(id);
        await account.Execute(new OpenAccount(id), CommandContext.None);
        await account.Execute(new Deposit(2), new CommandContext { CommandId = "d2" });
        await account.Execute(new Deposit(3), new CommandContext { CommandId = "d3" });
        await Cluster.DeactivateAsync(account); // snapshot at the end of the log, writer released
        var log = Path.Combine(Cluster.Directory("account", id), "app.jsonl");
        var length = new FileInfo(log).Length;
        using (var handle = File.OpenHandle(log, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
        {
            RandomAccess.Write(handle, new[] { damage }, length - 1);
        }

        return (account, log, length);
    }
}
