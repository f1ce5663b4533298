using System.Text;
using System.Text.RegularExpressions;
using Xunit;
using EventFold.Orleans.Aggregates;
using EventFold.Orleans.Commands;
using EventFold.Orleans.Tests.Domain;
using EventFold.Orleans.Tests.Support;

namespace EventFold.Orleans.Tests.Aggregates;

/// <summary>Regression: a command id reused by a different command returned the first command's result as a duplicate.</summary>
public sealed class CommandFingerprintTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_reused_command_id_with_another_command_is_refused_across_deactivation_and_restart()
    {
        var context = new CommandContext { CommandId = "pay-1" };
        CommandResult<AccountEvent> original;
        await using (var cluster = await TestSilo.StartAsync(_dir.Path))
        {
            var account = cluster.Client.GetGrain<IAccountAggregate>("reuse");
            await account.Execute(new OpenAccount("rae"), CommandContext.None);
            original = await account.Execute(new Deposit(5), context);

            await AssertRefused(account, new Deposit(6));
            await AssertRefused(account, new Withdraw(5));
            Assert.True((await account.Execute(new Deposit(5), context)).WasDuplicate);

            await cluster.DeactivateAsync(account);
            await AssertRefused(account, new Deposit(6));
            Assert.True((await account.Execute(new Deposit(5), context)).WasDuplicate);
            Assert.Contains("\"command_hash\":", Encoding.UTF8.GetString(cluster.ReadAll("account", "reuse")[1].Meta!.Value.Span), StringComparison.Ordinal);
        }

        // Once from the snapshot, once from the log alone (the fingerprints read back from meta.command_hash).
        await AfterRestart();
        File.Delete(Path.Combine(_dir.Path, "streams", "account", "reuse", "views", "state.snapshot.json"));
        await AfterRestart();

        async Task AfterRestart()
        {
            await using var cluster = await TestSilo.StartAsync(_dir.Path);
            var account = cluster.Client.GetGrain<IAccountAggregate>("reuse");
            await AssertRefused(account, new Deposit(6));
            var again = await account.Execute(new Deposit(5), context);
            Assert.True(again.WasDuplicate);
            Assert.Equal(original.Events, again.Events);
            Assert.Equal(original.Version, again.Version);
            Assert.Equal(2, cluster.ReadAll("account", "reuse").Count);
            Assert.Equal(5, (await account.GetState()).Balance);
        }

        async Task AssertRefused(IAccountAggregate account, AccountCommand other)
        {
            var error = await Assert.ThrowsAsync<CommandIdReusedException>(() => account.Execute(other, context));
            Assert.Equal(("account", "reuse", "pay-1"), (error.AggregateType, error.AggregateId, error.CommandId));
            Assert.Equal(other.GetType().FullName, error.CommandType);
            Assert.Contains("pay-1", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Equal_commands_built_separately_are_one_command()
    {
        await using var cluster = await TestSilo.StartAsync(_dir.Path);
        var account = cluster.Client.GetGrain<IAccountAggregate>("equal");
        await account.Execute(new OpenAccount("eve"), CommandContext.None);
        var context = new CommandContext { CommandId = "many-1" };

        var first = await account.Execute(new DepositMany([1, 2, 3]), context);
        var second = await account.Execute(new DepositMany([1, 2, 3]), context with { Actor = "someone-else" });

        Assert.False(first.WasDuplicate);
        Assert.True(second.WasDuplicate);
        Assert.Equal(first.Events, second.Events);
        await Assert.ThrowsAsync<CommandIdReusedException>(() => account.Execute(new DepositMany([1, 2]), context));
        Assert.Equal(4, cluster.ReadAll("account", "equal").Count);
    }

    [Fact]
    public async Task A_log_and_a_snapshot_written_without_fingerprints_still_load_and_their_ids_stay_duplicates()
    {
        await using (var cluster = await TestSilo.StartAsync(_dir.Path))
        {
            // Lines as the runtime wrote them before fingerprints: meta holds the command id only.
            using (var lease = await cluster.Store().OpenWriterAsync("account", "legacy", CancellationToken.None))
            {
                lease.Use(w => w.AppendBatch(
                [
                    new Event("account-opened", "{\"owner\":\"leo\"}"u8.ToArray(), 1, meta: "{\"command_id\":\"old-1\"}"u8.ToArray()),
                    new Event("deposited", "{\"amount\":5}"u8.ToArray(), 1, meta: "{\"command_id\":\"old-2\"}"u8.ToArray()),
                ]));
            }

            var account = cluster.Client.GetGrain<IAccountAggregate>("legacy");
            Assert.Equal(2, (await account.GetVersionedState()).Version);
            await cluster.DeactivateAsync(account); // saves a snapshot holding the command window
        }

        // Make the snapshot what an older version wrote: no fingerprint member at all.
        var snapshot = Path.Combine(_dir.Path, "streams", "account", "legacy", "views", "state.snapshot.json");
        var text = await File.ReadAllTextAsync(snapshot);
        var old = Regex.Replace(text, ",\\s*\"commandHash\":\\s*null", "");
        Assert.True(text != old, text);
        Assert.Contains("old-2", old, StringComparison.Ordinal);
        await File.WriteAllTextAsync(snapshot, old);

        await using (var cluster = await TestSilo.StartAsync(_dir.Path))
        {
            using var replayed = new EventCounter("eventfold.events.replayed", "account");
            var account = cluster.Client.GetGrain<IAccountAggregate>("legacy");
            await AssertLegacyIdsAreDuplicates(account);
            Assert.Equal(0, replayed.Total); // the old snapshot was used, not skipped
        }

        File.Delete(snapshot);
        await using (var cluster = await TestSilo.StartAsync(_dir.Path))
        {
            var account = cluster.Client.GetGrain<IAccountAggregate>("legacy");
            await AssertLegacyIdsAreDuplicates(account);
            Assert.Equal(2, cluster.ReadAll("account", "legacy").Count);
        }

        static async Task AssertLegacyIdsAreDuplicates(IAccountAggregate account)
        {
            var context = new CommandContext { CommandId = "old-2" };
            var same = await account.Execute(new Deposit(5), context);
            Assert.True(same.WasDuplicate);
            Assert.Equal([new Deposited(5)], same.Events);
            Assert.Equal(2, same.Version);

            // No fingerprint is known for an id written before fingerprints existed: it is taken as the same command, as before.
            Assert.True((await account.Execute(new Deposit(7), context)).WasDuplicate);
        }
    }

    [Fact]
    public void A_fingerprint_is_the_xxhash128_of_type_name_and_json_every_time_so_stored_hashes_keep_matching()
    {
        // The hasher is reused per thread: interleaving commands must not leak one's bytes into another's fingerprint.
        var options = new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web) { IncludeFields = true };
        object[] commands = [new Deposit(5), new OpenAccount("rae"), new Deposit(5), new Withdraw(7), new OpenAccount("rae")];

        var fingerprints = commands.Select(c => CommandFingerprint.Of(c, options)).ToArray();

        for (var i = 0; i < commands.Length; i++)
        {
            var type = commands[i].GetType();
            byte[] input = [.. Encoding.UTF8.GetBytes(type.FullName!), 0, .. System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(commands[i], type, options)];
            Assert.Equal(Convert.ToHexStringLower(System.IO.Hashing.XxHash128.Hash(input)), fingerprints[i]);
        }

        Assert.Equal(fingerprints[0], fingerprints[2]);
        Assert.NotEqual(fingerprints[0], fingerprints[3]);
    }
}
