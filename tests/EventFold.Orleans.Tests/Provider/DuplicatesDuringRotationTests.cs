using EventFold.Orleans.Commands;
using EventFold.Orleans.Tests.Domain;
using EventFold.Orleans.Tests.Support;
using Xunit;

namespace EventFold.Orleans.Tests.Provider;

/// <summary>
/// A resent command is answered from the log (its original events, read on the store's background threads) while the
/// same aggregate keeps writing and rotating: the read never straddles a rotation, so it never comes back short or
/// with other events. Found by the crash test ("returned 0 events, expected 3").
/// </summary>
public sealed class DuplicatesDuringRotationTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Resent_commands_get_their_original_events_while_the_stream_rotates_under_them()
    {
        await using var cluster = await TestSilo.StartAsync(_dir.Path, o =>
        {
            o.MaxActiveLogBytes = 600;
            o.SnapshotEveryEvents = 0;
        });
        var account = cluster.Client.GetGrain<IAccountAggregate>("rotating");
        await account.Execute(new OpenAccount("ann"), CommandContext.None);

        var failures = new List<string>();
        var callers = Enumerable.Range(0, 16).Select(caller => Task.Run(async () =>
        {
            for (var i = 0; i < 25; i++)
            {
                var amounts = new long[] { (caller * 1000) + (i * 3) + 1, (caller * 1000) + (i * 3) + 2, (caller * 1000) + (i * 3) + 3 };
                var context = new CommandContext { CommandId = $"c{caller}-{i}" };
                var original = await account.Execute(new DepositMany(amounts), context);
                var again = await account.Execute(new DepositMany(amounts), context);
                var expected = amounts.Select(a => (AccountEvent)new Deposited(a)).ToArray();
                if (!again.WasDuplicate || !again.Events.SequenceEqual(expected) || !original.Events.SequenceEqual(expected))
                {
                    lock (failures)
                    {
                        failures.Add($"c{caller}-{i}: resend returned {again.EventCount} events [{string.Join(", ", again.Events)}], duplicate={again.WasDuplicate}");
                    }
                }
            }
        })).ToArray();
        await Task.WhenAll(callers);

        Assert.True(File.Exists(Path.Combine(cluster.Directory("account", "rotating"), "archive.jsonl.zst")), "the stream never rotated");
        Assert.True(failures.Count == 0, $"{failures.Count} of 400 resends were answered wrongly: {string.Join("; ", failures.Take(5))}");
    }
}
